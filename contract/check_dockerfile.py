"""Static checks of the Dockerfile (no Docker engine here): it parses, it is multi-stage,
the final stage runs as a non-root user, and it starts `fritid serve`."""

import sys

from dockerfile_parse import DockerfileParser


def main() -> int:
    df = DockerfileParser(path=sys.argv[1])
    instructions = df.structure
    froms = [i for i in instructions if i["instruction"] == "FROM"]
    assert len(froms) >= 2, "multi-stage build expected"
    last_from = max(i["startline"] for i in froms)
    final = [i for i in instructions if i["startline"] > last_from]
    users = [i["value"].strip() for i in final if i["instruction"] == "USER"]
    assert users and users[-1] not in ("root", "0"), f"final stage must run as non-root, got {users}"
    assert any(i["instruction"] == "COPY" and "--from=" in i["value"] for i in final), "binary copied from builder"
    entry = " ".join(i["value"] for i in final if i["instruction"] in ("ENTRYPOINT", "CMD"))
    assert "fritid" in entry and "serve" in entry, entry
    print(f"Dockerfile ok: {len(froms)} stages, runs as {users[-1]!r}, starts {entry}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

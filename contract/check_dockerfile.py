"""Static checks of the Dockerfile (no Docker engine here): it parses, it is multi-stage,
the final stage runs as a non-root user, and it starts `fritid serve`. Given the compose file
too, every named volume of a service built from this Dockerfile is mounted on a directory
the final stage creates owned by that user (`install -d -o <user> ...`): Docker copies the
ownership of the image's directory into an empty named volume, while a mount point missing
from the image would be created owned by root, and the server could not write there."""

import re
import shlex
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
    if len(sys.argv) > 2:
        owned = owned_dirs(final, users[-1])
        check_compose(sys.argv[2], owned)
    return 0


def owned_dirs(final, user):
    """The directories the final stage creates with `install -d -o <user>`."""
    owned = set()
    for run in (i["value"] for i in final if i["instruction"] == "RUN"):
        for command in re.split(r"&&|;", run):
            words = shlex.split(command)
            if words[:2] != ["install", "-d"] or "-o" not in words:
                continue
            if words[words.index("-o") + 1] != user:
                continue
            options_with_values = {"-o", "-g", "-m"}
            skip = False
            for word in words[2:]:
                if skip:
                    skip = False
                elif word in options_with_values:
                    skip = True
                elif not word.startswith("-"):
                    owned.add(word.rstrip("/"))
    return owned


def check_compose(path, owned):
    import yaml

    with open(path, encoding="utf-8") as f:
        compose = yaml.safe_load(f)
    named = set(compose.get("volumes") or {})
    checked = 0
    for name, service in (compose.get("services") or {}).items():
        if "build" not in service:
            continue
        for volume in service.get("volumes") or []:
            source, _, target = str(volume).partition(":")
            target = target.split(":")[0].rstrip("/")
            if source in named:
                assert target in owned, (
                    f"service {name}: volume {source} is mounted on {target}, which the image "
                    f"does not create owned by its user (it creates {sorted(owned)})"
                )
                checked += 1
    print(f"docker-compose volumes ok: {checked} named volume(s) on directories the image owns")


if __name__ == "__main__":
    sys.exit(main())

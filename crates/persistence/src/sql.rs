//! Hand-written SQL for the queries sea-query cannot express well (searches with term
//! joins, facets): text with bound values numbered as each backend wants them.

use fritid_domain::search::prefix_upper_bound;
use sea_orm::{DbBackend, Statement, Value};
use uuid::Uuid;

/// SQL text with its bound values, numbered as the backend wants them.
pub(crate) struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub(crate) fn new(backend: DbBackend) -> Self {
        Self { backend, text: String::new(), values: Vec::new() }
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                let n = self.values.len();
                self.text.push_str(&format!("${n}"));
            }
            _ => self.text.push('?'),
        }
        self
    }

    pub(crate) fn bind_list<T: Into<Value> + Clone>(&mut self, values: &[T]) -> &mut Self {
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v.clone());
        }
        self.push(")")
    }

    /// ` AND …`: the rows after a keyset cursor. `sort_keys` are the sort columns, each with
    /// the comparison that means "after" in its direction (`>` ascending, `<` descending) and
    /// the cursor's value; the id, compared the same way, breaks their ties.
    pub(crate) fn push_after(
        &mut self, sort_keys: &[(&str, &str, Value)], (id_column, after, id): (&str, &str, Uuid),
    ) -> &mut Self {
        self.push(" AND ");
        // The first key's bound on its own, so that an index on it is read as a range
        // (see `query::after`).
        if let Some((column, after, value)) = sort_keys.first() {
            self.push(&format!("{column} {after}= ")).bind(value.clone()).push(" AND ");
        }
        for (column, after, value) in sort_keys {
            self.push(&format!("({column} {after} "))
                .bind(value.clone())
                .push(&format!(" OR ({column} = "))
                .bind(value.clone())
                .push(" AND ");
        }
        self.push(&format!("{id_column} {after} ")).bind(id);
        for _ in sort_keys {
            self.push("))");
        }
        self
    }

    pub(crate) fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// `JOIN (…)`: one row per item of `table` (a term index: `term`, `<id_column>`,
/// `weight`) whose terms match every prefix, with `score` the sum of the matched weights.
/// The caller adds the alias and the join condition (`m ON …`).
pub(crate) fn push_text_match(sql: &mut Sql, table: &str, id_column: &str, prefixes: &[String]) {
    sql.push(&format!(" JOIN (SELECT t.{id_column}, SUM(t.weight) AS score FROM {table} t WHERE "));
    push_each_prefix(sql, prefixes, " OR ", ("(", ")"));
    sql.push(&format!(" GROUP BY t.{id_column} HAVING "));
    // Every query word must match some term.
    push_each_prefix(sql, prefixes, " AND ", ("MAX(CASE WHEN ", " THEN 1 ELSE 0 END) = 1"));
    sql.push(")");
}

/// `t.term` starts with the prefix, for each prefix, wrapped in `around` and joined by
/// `joiner`.
fn push_each_prefix(sql: &mut Sql, prefixes: &[String], joiner: &str, around: (&str, &str)) {
    for (i, p) in prefixes.iter().enumerate() {
        if i > 0 {
            sql.push(joiner);
        }
        sql.push(around.0)
            .push("t.term >= ")
            .bind(p.clone())
            .push(" AND t.term < ")
            .bind(prefix_upper_bound(p))
            .push(around.1);
    }
}

//! Data access permissions of an app export: `data_sources/<svc>/default_rule.json`,
//! `data_sources/<svc>/<db>/<coll>/rules.json` and the `roles` of legacy
//! `services/<svc>/rules/<db>.<coll>.json` files → `model::RuleSet`.
//!
//! Roles are kept whole (`Role::raw`): the comparison and the Sync-compatibility checks read the
//! fields they know, and a shape syncplan does not know is a `role_shape_unknown` finding, never
//! a crash and never dropped.

use super::value::{Node, Value};
use super::{location, span};
use crate::diagnostic::{Diagnostic, kinds};
use crate::model::{Role, RuleSet};

/// Permission keys whose value is a boolean or a rule expression (an object).
const EXPRESSION_KEYS: &[&str] = &["read", "write", "insert", "delete", "search"];

/// Reads the `roles` of a rules document (`rules.json`, `default_rule.json`, a legacy rules file).
/// `subject` names what the rules apply to in findings.
pub fn rule_set(node: &Node, file: &str, subject: &str, diags: &mut Vec<Diagnostic>) -> RuleSet {
    let mut set = RuleSet {
        roles: Vec::new(),
        legacy: false,
        location: span(file, node),
    };
    let unknown = |diags: &mut Vec<Diagnostic>, pos, message: String| {
        diags.push(Diagnostic::new(
            &kinds::ROLE_SHAPE_UNKNOWN,
            subject,
            location(file, pos),
            message,
        ));
    };
    if node.as_object().is_none() {
        unknown(
            diags,
            node.pos,
            format!("a rules file must be an object, found {}", node.kind_name()),
        );
        return set;
    }
    let Some(roles) = node.get("roles") else {
        return set;
    };
    let Some(items) = roles.as_array() else {
        if !roles.is_null() {
            unknown(
                diags,
                roles.pos,
                format!("\"roles\" must be an array, found {}", roles.kind_name()),
            );
        }
        return set;
    };
    for (i, r) in items.iter().enumerate() {
        let Some(entries) = r.as_object() else {
            unknown(
                diags,
                r.pos,
                format!("role #{} must be an object, found {}", i + 1, r.kind_name()),
            );
            continue;
        };
        let name = match r.get("name").and_then(Node::as_str) {
            Some(n) => n.to_string(),
            None => {
                unknown(diags, r.pos, format!("role #{} has no \"name\" string", i + 1));
                format!("#{}", i + 1)
            }
        };
        for (k, kpos, v) in entries {
            if EXPRESSION_KEYS.contains(&k.as_str()) && !matches!(v.value, Value::Bool(_) | Value::Object(_)) {
                unknown(
                    diags,
                    *kpos,
                    format!(
                        "role \"{name}\": \"{k}\" must be a boolean or a rule expression, found {}",
                        v.kind_name()
                    ),
                );
            }
            if (k == "fields" || k == "document_filters" || k == "apply_when" || k == "additional_fields")
                && !matches!(v.value, Value::Object(_) | Value::Null)
            {
                unknown(
                    diags,
                    *kpos,
                    format!("role \"{name}\": \"{k}\" must be an object, found {}", v.kind_name()),
                );
            }
        }
        set.roles.push(Role {
            name,
            raw: r.to_json(),
            location: span(file, r),
        });
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_document;
    use std::path::Path;

    fn read(text: &str) -> (RuleSet, Vec<Diagnostic>) {
        let node = parse_document(Path::new("rules.json"), text).expect("JSON");
        let mut d = Vec::new();
        (rule_set(&node, "rules.json", "Task", &mut d), d)
    }

    #[test]
    fn roles_are_read_whole() {
        let (s, d) = read(
            r#"{"roles":[{"name":"owner","apply_when":{},"document_filters":{"read":{"owner_id":"%%user.id"},"write":true},"read":true,"write":true}]}"#,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.roles.len(), 1);
        assert_eq!(s.roles[0].name, "owner");
        assert_eq!(s.roles[0].raw["document_filters"]["read"]["owner_id"], "%%user.id");
    }

    #[test]
    fn unknown_shapes_are_findings_not_errors() {
        let (s, d) = read(r#"{"roles":[3,{"apply_when":{}},{"name":"x","read":"yes","fields":[]}]}"#);
        assert_eq!(s.roles.len(), 2, "the object roles are kept");
        assert_eq!(s.roles[0].name, "#2");
        let ids: Vec<_> = d.iter().map(|x| x.id).collect();
        assert_eq!(ids, vec!["role_shape_unknown"; 4], "{d:?}");
        let (s, d) = read(r#"{"roles":{"name":"x"}}"#);
        assert!(s.roles.is_empty());
        assert_eq!(d.len(), 1);
    }
}

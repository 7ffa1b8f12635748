//! The trust rule across commands: a model with a part that could not be read (an SDK source
//! member or class the reader met but could not read) is incomplete. Load marks it
//! (`Schema::incomplete`, `ObjectType::unread`); `validate` and `check` report each unread part
//! as an error and raise nothing that only follows from it; `diff` and `plan` say the comparison
//! is incomplete (in every format), leave out the changes that only follow from the unread parts,
//! and fail their gate (unless `--fail-on none`): "no breaking change" cannot be established.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::diff::{Change, ChangeKind};
use crate::input::Loaded;
use crate::model::Schema;

/// Load findings that mean "a part of the model was met but not read" (declared with the ids, in
/// `diagnostic::UNREAD_IDS`, so the readers need not know this module).
pub const IDS: [&str; 4] = crate::diagnostic::UNREAD_IDS;

/// One compared model with parts that could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct Incomplete {
    /// The model's root (file or directory as given).
    pub root: String,
    /// Its unread parts, each a finding with file:line and the construct met.
    pub parts: Vec<Diagnostic>,
}

/// The unread parts of a loaded model; `None` when it was read entirely.
pub fn of(loaded: &Loaded) -> Option<Incomplete> {
    if !loaded.schema.incomplete {
        return None;
    }
    let parts: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| IDS.contains(&d.id))
        .cloned()
        .collect();
    Some(Incomplete {
        root: loaded.root.clone(),
        parts,
    })
}

/// Whether `change` only follows from a part of `old` or `new` that was not read: a property
/// "removed" that the new model may hold in an unread part (or "added" that the old one may), a
/// primary key "changed" to or from none on a type whose key may be unread.
pub fn follows_from_unread(change: &Change, old: &Schema, new: &Schema) -> bool {
    let Some(t) = change.object_type.as_deref() else {
        return false;
    };
    let key_unread = |s: &Schema| {
        s.types
            .get(t)
            .is_some_and(|ty| ty.primary_key.is_none() && ty.unread.is_some())
    };
    let may_lack = |s: &Schema| {
        change
            .property
            .as_deref()
            .is_some_and(|p| s.types.get(t).is_some_and(|ty| ty.may_lack(p)))
    };
    match change.kind {
        ChangeKind::PropertyRemoved => may_lack(new),
        ChangeKind::PropertyAdded => may_lack(old),
        ChangeKind::PrimaryKeyChanged => key_unread(old) || key_unread(new),
        // Every other fact is about a part that was read on both sides (a type-level change is
        // only reported for a type both models hold; a changed property was read on both). The
        // list is exhaustive on purpose: a new fact must say whether an unread part can cause it.
        ChangeKind::TypeAdded
        | ChangeKind::TypeRemoved
        | ChangeKind::TypeRenamed { .. }
        | ChangeKind::TypeKindChanged { .. }
        | ChangeKind::TypeCollectionChanged
        | ChangeKind::PropertyRenamed { .. }
        | ChangeKind::PropertyTypeChanged
        | ChangeKind::RelationshipChanged
        | ChangeKind::MadeRequired
        | ChangeKind::MadeOptional
        | ChangeKind::DefaultAdded
        | ChangeKind::DefaultChanged
        | ChangeKind::DefaultRemoved
        | ChangeKind::IndexAdded
        | ChangeKind::IndexRemoved
        | ChangeKind::ClientNameChanged
        | ChangeKind::QueryableFieldAdded
        | ChangeKind::QueryableFieldRemoved
        | ChangeKind::IndexedQueryableFieldChanged
        | ChangeKind::SyncModeChanged
        | ChangeKind::PartitionKeyChanged
        | ChangeKind::SyncEnabled
        | ChangeKind::PartitionPermissionsChanged
        | ChangeKind::PermissionChanged
        | ChangeKind::PermissionQueryableFieldRemoved
        | ChangeKind::ConstraintTightened
        | ChangeKind::ConstraintLoosened
        | ChangeKind::RecoveryModeChanged
        | ChangeKind::ClientMaxOfflineDaysChanged
        | ChangeKind::DevelopmentModeChanged
        | ChangeKind::SyncDataSourceChanged => false,
    }
}

/// The changes that do not only follow from unread parts, and how many were left out.
pub fn drop_follow_on(changes: Vec<Change>, old: &Schema, new: &Schema) -> (Vec<Change>, usize) {
    if !old.incomplete && !new.incomplete {
        return (changes, 0);
    }
    let before = changes.len();
    let kept: Vec<Change> = changes
        .into_iter()
        .filter(|c| !follows_from_unread(c, old, new))
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

fn headline(inc: &[Incomplete], left_out: usize) -> String {
    let roots: Vec<&str> = inc.iter().map(|i| i.root.as_str()).collect();
    let parts: usize = inc.iter().map(|i| i.parts.len()).sum();
    let mut s = format!(
        "the comparison is incomplete: {} could not be read entirely ({parts} unread part{})",
        roots.join(" and "),
        if parts == 1 { "" } else { "s" }
    );
    if left_out > 0 {
        s.push_str(&format!(
            "; {left_out} change{} that may only follow from the unread parts {} not reported",
            if left_out == 1 { "" } else { "s" },
            if left_out == 1 { "is" } else { "are" }
        ));
    }
    s.push_str("; a change in an unread part is not seen");
    s
}

/// The note for text output (empty when every model was read entirely).
pub fn note_text(inc: &[Incomplete], left_out: usize) -> String {
    if inc.is_empty() {
        return String::new();
    }
    let mut s = format!("note: {}:\n", headline(inc, left_out));
    for i in inc {
        for d in &i.parts {
            let at = d.location.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
            s.push_str(&format!("  {}[{}] {}{at}: {}\n", d.severity, d.id, d.path, d.message));
        }
    }
    s.push('\n');
    s
}

/// The note for Markdown output (empty when every model was read entirely).
pub fn note_markdown(inc: &[Incomplete], left_out: usize) -> String {
    if inc.is_empty() {
        return String::new();
    }
    let mut s = format!("> **Note:** {}.\n>\n", headline(inc, left_out));
    for i in inc {
        for d in &i.parts {
            let at = d.location.as_ref().map(|l| format!(" (`{l}`)")).unwrap_or_default();
            s.push_str(&format!(
                "> - `{}` `{}`{at}: {}\n",
                d.id,
                d.path,
                d.message.replace('|', "\\|")
            ));
        }
    }
    s.push('\n');
    s
}

/// The JSON value added as `"incomplete"` to diff and plan documents.
pub fn note_json(inc: &[Incomplete], left_out: usize) -> serde_json::Value {
    serde_json::json!({
        "message": headline(inc, left_out),
        "changes_not_reported": left_out,
        "models": inc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectKind, ObjectType, Unread};

    #[test]
    fn removals_of_possibly_unread_members_are_left_out() {
        let mut old = Schema::new(crate::model::Side::Client);
        let mut t = ObjectType::new("Invoice", ObjectKind::TopLevel);
        t.primary_key = Some("_id".into());
        old.types.insert("Invoice".into(), t.clone());
        let mut new = old.clone();
        if let Some(t) = new.types.get_mut("Invoice") {
            t.unread = Some(Unread {
                members: vec!["total".into()],
                ..Unread::default()
            });
        }
        new.incomplete = true;
        let change = |kind, p: &str| Change {
            kind,
            object_type: Some("Invoice".into()),
            property: Some(p.into()),
            from: None,
            old: None,
            new: None,
            owner_kind: None,
            location: None,
        };
        let (kept, dropped) = drop_follow_on(
            vec![
                change(ChangeKind::PropertyRemoved, "total"),
                change(ChangeKind::PropertyRemoved, "note"),
                change(ChangeKind::PropertyAdded, "total"),
            ],
            &old,
            &new,
        );
        assert_eq!(dropped, 1);
        assert_eq!(kept.len(), 2);
        assert!(
            kept.iter()
                .all(|c| !(c.kind == ChangeKind::PropertyRemoved && c.property.as_deref() == Some("total")))
        );
        // A complete pair: nothing is left out.
        let (kept, dropped) = drop_follow_on(vec![change(ChangeKind::PropertyRemoved, "total")], &old, &old);
        assert_eq!((kept.len(), dropped), (1, 0));
    }
}

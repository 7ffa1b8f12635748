//! One client-instruction renderer per SDK. Each `edit` matches every `ClientEdit` variant with
//! no catch-all arm; the shared wording lives in the helpers below.

pub mod cpp;
pub mod csharp;
pub mod dart;
pub mod java;
pub mod js;
pub mod kotlin;
pub mod swift;

use crate::model::{ObjectType, Property};
use crate::plan::client::{EditCx, kind_word};

pub fn indent(s: &str, by: &str) -> String {
    s.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A new type: its generated class.
pub fn add_type(cx: &EditCx, t: &ObjectType) -> String {
    format!(
        "Add the {} type `{}`:\n\n{}",
        kind_word(t.kind),
        t.name,
        cx.code(&cx.class_of(t))
    )
}

/// A class written out with a given header and footer around the NEW property declarations.
pub fn class_with(cx: &EditCx, t: &ObjectType, header: &str, footer: &str) -> String {
    let body = indent(&cx.type_body(t), "    ");
    cx.code(&format!("{header}\n{body}\n{footer}"))
}

/// Partner collection: the new shape is synced as a new type; old app versions keep the old one.
pub fn adopt_partner(cx: &EditCx, before: &ObjectType, title: &str, class: &str, note: &str) -> String {
    let _ = cx;
    format!(
        "`{0}` changes shape by moving to the partner collection: clients sync the new shape as the type `{title}` (a new table in the realm file, so no client reset):\n\n{class}\n\n{note} Old app versions keep syncing `{0}` until it retires.",
        before.name
    )
}

pub fn remove_type(t: &ObjectType) -> String {
    format!(
        "Remove the {} type `{}` and every property that refers to it. Synced realms keep the table in the file (non-breaking for the client); objects of it no longer sync.",
        kind_word(t.kind),
        t.name
    )
}

pub fn rename_type(from: &ObjectType, to: &ObjectType, alternative: &str) -> String {
    format!(
        "Rename the class `{}` to `{}` (breaking: the server matches classes by name). {alternative}",
        from.name, to.name
    )
}

pub fn change_kind(cx: &EditCx, before: &ObjectType, after: &ObjectType, header: &str) -> String {
    format!(
        "`{}` changes from {} to {}: change its declaration to\n\n{}\n\nand delete the local realm file (or client-reset): realm-core refuses the change in an existing file.",
        after.name,
        before.kind,
        after.kind,
        cx.code(header)
    )
}

pub fn add_property(cx: &EditCx, owner: &ObjectType, p: &Property) -> String {
    format!("In `{}`, add:\n\n{}", owner.name, cx.code(&cx.decl_new(owner, p)))
}

pub fn remove_property(cx: &EditCx, owner: &ObjectType, p: &Property) -> String {
    format!("In `{}`, remove:\n\n{}", owner.name, cx.code(&cx.decl_old(owner, p)))
}

pub fn change_property(cx: &EditCx, owner: &ObjectType, before: &Property, after: &Property) -> String {
    let (old, new) = (cx.decl_old(owner, before), cx.decl_new(owner, after));
    if old == new {
        return format!(
            "`{}.{}`: no declaration change in this SDK (what changed, a default value or an index, has no form here).",
            owner.name, after.name
        );
    }
    format!(
        "In `{}`, change\n\n{}\n\nto\n\n{}",
        owner.name,
        cx.code(&cx.decl_old(owner, before)),
        cx.code(&cx.decl_new(owner, after))
    )
}

pub fn rename_property(
    cx: &EditCx,
    owner: &ObjectType,
    before: &Property,
    after: &Property,
    alternative: &str,
) -> String {
    format!(
        "In `{}`, rename\n\n{}\n\nto\n\n{}\n\n{alternative}",
        owner.name,
        cx.code(&cx.decl_old(owner, before)),
        cx.code(&cx.decl_new(owner, after))
    )
}

pub fn remap_name(cx: &EditCx, owner: &ObjectType, after: &Property) -> String {
    format!(
        "In `{}`, rename in code only (the persisted name `{}` stays; non-breaking):\n\n{}",
        owner.name,
        after.name,
        cx.code(&cx.decl_new(owner, after))
    )
}

pub fn change_pk(cx: &EditCx, before: &ObjectType, after: &ObjectType) -> String {
    fn pk(t: &ObjectType) -> Option<&Property> {
        t.primary_key.as_ref().and_then(|k| t.properties.get(k))
    }
    let old = pk(before)
        .map(|p| cx.decl_old(before, p))
        .unwrap_or_else(|| "(no primary key)".into());
    let new = pk(after)
        .map(|p| cx.decl_new(after, p))
        .unwrap_or_else(|| "(no primary key)".into());
    format!(
        "Change the primary key of `{}` from\n\n{}\n\nto\n\n{}\n\nExisting realm files cannot change a primary key: clients client-reset (or delete the local realm).",
        after.name,
        cx.code(&old),
        cx.code(&new)
    )
}

pub fn drop_subscriptions(cx: &EditCx, field: &str, snippet: &str) -> String {
    format!(
        "Remove every Flexible Sync subscription whose query uses `{field}` before the server drops the field (devices still subscribing on it client-reset):\n\n{}",
        cx.code(snippet)
    )
}

pub fn change_sync(cx: &EditCx, message: &str, snippet: &str) -> String {
    format!(
        "The sync configuration changes ({message}): open the synced realm with\n\n{}",
        cx.code(snippet)
    )
}

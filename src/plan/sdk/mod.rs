//! Client instructions per SDK. One `edit` renders every `ClientEdit` variant for every SDK (a
//! `match` with no catch-all arm): the wording lives in the helpers below, each SDK's fragments and
//! snippets in its row of the SDK table (`crate::sdk`), and each SDK's file (`swift.rs`, ...)
//! holds only the code that differs (class headers, migration blocks, partner classes).

pub mod cpp;
pub mod csharp;
pub mod dart;
pub mod java;
pub mod js;
pub mod kotlin;
pub mod swift;

use crate::model::{ObjectType, Property};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide, kind_word};
use crate::sdk::Sdk;

/// One client edit in the SDK of `cx`.
pub fn edit<G: SdkGuide + ?Sized>(g: &G, e: &ClientEdit, cx: &EditCx) -> String {
    let row = cx.sdk.row();
    let n = &row.snippets;
    match e {
        ClientEdit::AddType { ty } => g.add_type(cx, ty),
        ClientEdit::RemoveType { ty } => format!(
            "{}{}",
            remove_type(ty),
            fill(n.remove_type, &[("{type}", &ty.name), ("{base}", row.base(ty.kind))])
        ),
        ClientEdit::RenameType { from, to } => rename_type(from, to, &g.rename_type_alternative(cx, from, to)),
        ClientEdit::ChangeTypeKind { before, after } => change_kind(cx, before, after, &g.kind_header(cx, after)),
        ClientEdit::AddProperty { owner, prop } => format!("{}{}", add_property(cx, owner, prop), n.property),
        ClientEdit::RemoveProperty { owner, prop } => format!("{}{}", remove_property(cx, owner, prop), n.property),
        ClientEdit::ChangeProperty { owner, before, after } => {
            format!("{}{}", change_property(cx, owner, before, after), n.change_property)
        }
        ClientEdit::RenameProperty { owner, before, after } => format!(
            "{}{}",
            rename_property(
                cx,
                owner,
                before,
                after,
                &g.rename_property_alternative(cx, owner, before, after)
            ),
            n.rename_property
        ),
        ClientEdit::RemapName { owner, before, after } => g.remap(cx, owner, before, after),
        ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
        ClientEdit::DropSubscriptions { field } => {
            drop_subscriptions(cx, field, &fill(n.drop_subscriptions, &[("{field}", field)]))
        }
        ClientEdit::ChangeSyncConfiguration { message } => change_sync(cx, message, n.sync_configuration),
        ClientEdit::AdoptPartnerType { before, after, title } => {
            adopt_partner(cx, before, title, &g.partner_class(cx, after, title), n.partner_note)
        }
    }
}

/// The class header line of an object type from the SDK table (`class Task: Object {`).
pub fn class_header(sdk: Sdk, t: &ObjectType) -> String {
    let row = sdk.row();
    fill(
        row.snippets.class_header,
        &[("{type}", &t.name), ("{base}", row.base(t.kind))],
    )
}

/// A snippet of the table with its placeholders replaced in one pass (a value that happens to
/// contain a placeholder is written as it is).
pub fn fill(template: &str, with: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match with.iter().find(|(key, _)| rest.starts_with(key)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &rest[key.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The client-reset handler, with its manual fallback (partition-based or Flexible Sync).
pub fn client_reset(sdk: Sdk, partition: bool) -> String {
    let row = sdk.row();
    let i = usize::from(partition);
    format!(
        "{}{}",
        row.snippets.client_reset_note[i],
        fill(
            row.snippets.client_reset,
            &[
                ("{config}", row.snippets.client_reset_config[i]),
                ("{fence}", row.fence)
            ]
        )
    )
}

/// Deleting the synced realm file written with the old model before opening it again.
pub fn discard_realm(sdk: Sdk) -> String {
    fill(sdk.row().snippets.discard_realm, &[("{fence}", sdk.row().fence)])
}

/// Opening a Flexible Sync realm at a server schema version (sync schema versioning).
pub fn sync_schema_version(sdk: Sdk) -> String {
    fill(sdk.row().snippets.sync_schema_version, &[("{fence}", sdk.row().fence)])
}

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

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_each_placeholder_once_and_never_inside_a_value() {
        assert_eq!(fill("a {x} b {y} {x}", &[("{x}", "1"), ("{y}", "2")]), "a 1 b 2 1");
        // A value holding a placeholder (a hostile type name) is written as it is.
        assert_eq!(
            fill("{type} {base}", &[("{type}", "{base}"), ("{base}", "Object")]),
            "{base} Object"
        );
        // Braces that are no placeholder stay (code in the snippets).
        assert_eq!(fill("f() { {x} }", &[("{x}", "y")]), "f() { y }");
    }
}

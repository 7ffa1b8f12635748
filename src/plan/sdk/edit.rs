//! The client-edit vocabulary and its wording, shared by every SDK's renderer: the closed set of
//! `ClientEdit`s, the context they are rendered in, the `SdkGuide` trait each SDK implements, and
//! the one `edit` function whose `match` over `ClientEdit` has no catch-all arm. This file uses no
//! SDK's file; `plan::sdk` (the parent) picks the SDK's guide, `plan::client` derives the edits.

use crate::codegen;
use crate::model::{ObjectKind, ObjectType, Property, Schema, SyncMode};
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
        ClientEdit::ChangeSyncConfiguration {
            message,
            from,
            to,
            partition_key,
        } => change_sync(cx, message, *from, *to, *partition_key),
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

/// Deleting the synced realm file written with the old model before opening it again, opened
/// with the configuration of the app's sync mode (`partition`: partition-based). `None` for a
/// partition-based app in an SDK that has no Partition-Based Sync (no such app exists).
pub fn discard_realm(sdk: Sdk, partition: bool) -> Option<String> {
    let open = open_config(sdk, partition)?;
    Some(fill(
        sdk.row().snippets.discard_realm,
        &[("{fence}", sdk.row().fence), ("{open}", open)],
    ))
}

/// How the SDK opens a synced realm (`partition`: a partition-based app, with its partition
/// value; otherwise Flexible Sync). `None` where the SDK has no Partition-Based Sync (the row's
/// `no_partition` says why).
pub fn open_config(sdk: Sdk, partition: bool) -> Option<&'static str> {
    let s = sdk.row().snippets.sync_configuration[usize::from(partition)];
    (!s.is_empty()).then_some(s)
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
        "`{}` changes from {} to {}: change its declaration to\n\n{}\n\nA synced realm file cannot take this change (realm-core refuses it in additive mode): synced clients client-reset or start from a new file. A local (non-synced) realm makes it when opened with a bumped schema version (below).",
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
        "Change the primary key of `{}` from\n\n{}\n\nto\n\n{}\n\nA synced realm file cannot change a primary key: synced clients client-reset (or start from a new file). A local (non-synced) realm changes it when opened with a bumped schema version (below).",
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

/// The sync configuration changes (sync mode or partition key). A partition-based NEW opens with
/// its partition value (https://www.mongodb.com/docs/atlas/app-services/reference/partition-based-sync/);
/// the partition-based → Flexible Sync migration needs no client code change: clients at the minimum
/// SDK keep their partition-based configuration and the SDK subscribes for them
/// (https://www.mongodb.com/docs/atlas/app-services/sync/migrate-sync-modes/).
pub fn change_sync(
    cx: &EditCx,
    message: &str,
    from: Option<SyncMode>,
    to: Option<SyncMode>,
    partition_key: Option<&str>,
) -> String {
    let row = cx.sdk.row();
    match (from, to) {
        (_, Some(SyncMode::Partition)) => {
            let value = partition_key
                .map(|k| format!(", the value of `{k}` in the documents the realm holds"))
                .unwrap_or_default();
            // Each partition value is its own realm file: changes left unsynced in a file the new
            // version no longer opens are never uploaded.
            let other_file = if from == Some(SyncMode::Partition) {
                " A realm opened with a different partition value from before is a different realm file: changes still unsynced in the old file are not uploaded, so let devices upload them before Sync is terminated."
            } else {
                ""
            };
            match open_config(cx.sdk, true) {
                Some(open) => format!(
                    "The sync configuration changes ({message}): the app stays partition-based, so keep opening each synced realm with a partition-based configuration and its partition value{value} (a Flexible Sync configuration cannot open it):\n\n{}\n\n{}",
                    cx.code(open),
                    other_file.trim_start()
                )
                .trim_end()
                .to_string(),
                None => format!(
                    "The sync configuration changes ({message}). {}: no app of this SDK syncs with this partition-based app, so there is nothing to change for Sync.",
                    row.snippets.no_partition
                ),
            }
        }
        (Some(SyncMode::Partition), Some(SyncMode::Flexible)) => {
            let keep = match open_config(cx.sdk, true) {
                Some(_) => "The migration itself needs no client code change: app versions at the minimum SDK version keep their partition-based configuration, and the SDK subscribes for them (one `flx_migrated_<Type>` subscription per type, on their partition value). ".to_string(),
                None => format!("{}: no app of this SDK syncs with the app before the migration. ", row.snippets.no_partition),
            };
            format!(
                "The sync configuration changes ({message}). {keep}In a later release (after the migration is committed), open the synced realm with a Flexible Sync configuration and manage its subscriptions yourself (the migrated ones stay until the app removes them):\n\n{}",
                cx.code(row.snippets.sync_configuration[0])
            )
        }
        _ => format!(
            "The sync configuration changes ({message}): open the synced realm with\n\n{}",
            cx.code(row.snippets.sync_configuration[0])
        ),
    }
}

/// One change a developer makes to a client model.
#[derive(Debug, Clone, Copy)]
pub enum ClientEdit<'a> {
    AddType {
        ty: &'a ObjectType,
    },
    RemoveType {
        ty: &'a ObjectType,
    },
    RenameType {
        from: &'a ObjectType,
        to: &'a ObjectType,
    },
    ChangeTypeKind {
        before: &'a ObjectType,
        after: &'a ObjectType,
    },
    AddProperty {
        owner: &'a ObjectType,
        prop: &'a Property,
    },
    RemoveProperty {
        owner: &'a ObjectType,
        prop: &'a Property,
    },
    /// Type, optionality, default or index of a property with the same persisted name.
    ChangeProperty {
        owner: &'a ObjectType,
        before: &'a Property,
        after: &'a Property,
    },
    /// The persisted name changes.
    RenameProperty {
        owner: &'a ObjectType,
        before: &'a Property,
        after: &'a Property,
    },
    /// Only the SDK name changes (persisted name kept).
    RemapName {
        owner: &'a ObjectType,
        before: &'a Property,
        after: &'a Property,
    },
    ChangePrimaryKey {
        before: &'a ObjectType,
        after: &'a ObjectType,
    },
    /// A queryable field is going away: drop subscriptions whose queries use it.
    DropSubscriptions {
        field: &'a str,
    },
    /// Sync mode or partition key changed: the sync configuration in code changes (`from`/`to`:
    /// the sync modes of OLD and NEW; `partition_key`: NEW's partition key).
    ChangeSyncConfiguration {
        message: &'a str,
        from: Option<SyncMode>,
        to: Option<SyncMode>,
        partition_key: Option<&'a str>,
    },
    /// Partner-collection strategy: the type's new shape is synced under the partner title.
    AdoptPartnerType {
        before: &'a ObjectType,
        after: &'a ObjectType,
        title: &'a str,
    },
}

impl ClientEdit<'_> {
    pub fn kind(&self) -> &'static str {
        match self {
            ClientEdit::AddType { .. } => "add-type",
            ClientEdit::RemoveType { .. } => "remove-type",
            ClientEdit::RenameType { .. } => "rename-type",
            ClientEdit::ChangeTypeKind { .. } => "change-type-kind",
            ClientEdit::AddProperty { .. } => "add-property",
            ClientEdit::RemoveProperty { .. } => "remove-property",
            ClientEdit::ChangeProperty { .. } => "change-property",
            ClientEdit::RenameProperty { .. } => "rename-property",
            ClientEdit::RemapName { .. } => "remap-name",
            ClientEdit::ChangePrimaryKey { .. } => "change-primary-key",
            ClientEdit::DropSubscriptions { .. } => "drop-subscriptions",
            ClientEdit::ChangeSyncConfiguration { .. } => "change-sync-configuration",
            ClientEdit::AdoptPartnerType { .. } => "adopt-partner-type",
        }
    }
}

/// What the renderers need besides the edit.
pub struct EditCx<'a> {
    pub old: &'a Schema,
    pub new: &'a Schema,
    pub sdk: Sdk,
    pub(in crate::plan) old_decl: codegen::Declarer<'a>,
    pub(in crate::plan) new_decl: codegen::Declarer<'a>,
    /// TypeScript: the `static schema` entries (JavaScript declarations) next to the fields.
    aux: Option<(codegen::Declarer<'a>, codegen::Declarer<'a>)>,
}

impl<'a> EditCx<'a> {
    pub fn new(old: &'a Schema, new: &'a Schema, sdk: Sdk) -> Self {
        let (old_decl, new_decl) = (codegen::Declarer::new(old, sdk), codegen::Declarer::new(new, sdk));
        // TypeScript and JavaScript name alike: the `static schema` declarers share the identifiers.
        let aux = (sdk == Sdk::Ts).then(|| (old_decl.for_sdk(Sdk::Js), new_decl.for_sdk(Sdk::Js)));
        EditCx {
            old,
            new,
            sdk,
            old_decl,
            new_decl,
            aux,
        }
    }

    /// `fence` code block in this SDK's language.
    pub fn code(&self, body: &str) -> String {
        let lang = self.sdk.row().fence;
        format!("```{lang}\n{}\n```", body.trim_end())
    }
    pub fn decl_old(&self, owner: &ObjectType, p: &Property) -> String {
        match &self.aux {
            Some((o, _)) => format!(
                "{}\n// in static schema.properties:\n{}",
                self.old_decl.property(owner, p),
                o.property(owner, p)
            ),
            None => self.old_decl.property(owner, p),
        }
    }
    pub fn decl_new(&self, owner: &ObjectType, p: &Property) -> String {
        match &self.aux {
            Some((_, n)) => format!(
                "{}\n// in static schema.properties:\n{}",
                self.new_decl.property(owner, p),
                n.property(owner, p)
            ),
            None => self.new_decl.property(owner, p),
        }
    }
    /// The generated class of `t` in NEW (generated with stubs of the types it refers to).
    pub fn class_of(&self, t: &ObjectType) -> String {
        let names: std::collections::BTreeSet<&str> = std::iter::once(t.name.as_str()).collect();
        // A type NEW does not hold under this name (a partner collection's new shape) is generated
        // from a copy of NEW that holds it, so the snippet is never an empty model.
        let src = if self.new.types.get(&t.name) == Some(t) {
            codegen::generate(&touched(self.new, &names), self.sdk)
        } else {
            let mut with = self.new.clone();
            with.types.insert(t.name.clone(), t.clone());
            codegen::generate(&touched(&with, &names), self.sdk)
        };
        class_block(&src, &t.name).unwrap_or(src)
    }
    /// Every property declaration of a type (primary key first), as the generator writes them.
    /// `t` is a type of NEW.
    pub fn type_body(&self, t: &ObjectType) -> String {
        let mut props: Vec<&Property> = t.properties.values().collect();
        props.sort_by_key(|p| t.primary_key.as_deref() != Some(p.name.as_str()));
        props
            .iter()
            .map(|p| self.new_decl.property(t, p))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Per-SDK knowledge the plan needs beyond the SDK table (`crate::sdk`): the code that differs
/// from SDK to SDK. Every edit is rendered by one function, `plan::sdk::edit`, whose `match` over
/// `ClientEdit` has no catch-all arm; the defaults below read the table.
pub trait SdkGuide {
    /// Local (non-synced) realms: bump the schema version, with a migration block when needed.
    fn schema_version(&self, m: &MigrationNeeds) -> String;
    /// A new type: its generated class, and where it is registered.
    fn add_type(&self, cx: &EditCx, ty: &ObjectType) -> String {
        let note = cx.sdk.row().snippets.add_type;
        format!("{}{}", add_type(cx, ty), fill(note, &[("{type}", &ty.name)]))
    }
    /// The declaration written for a type whose kind changes (the class header line,
    /// `class Task: Object {`).
    fn kind_header(&self, cx: &EditCx, after: &ObjectType) -> String {
        class_header(cx.sdk, after)
    }
    /// The new shape of a partner collection's type as a class synced under `title` (fenced).
    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        let row = cx.sdk.row();
        let header = fill(
            row.snippets.partner_header,
            &[
                ("{title}", title),
                ("{type}", &after.name),
                ("{base}", row.base(after.kind)),
            ],
        );
        class_with(cx, after, &header, "}")
    }
    /// How to avoid the breaking rename of a type.
    fn rename_type_alternative(&self, cx: &EditCx, from: &ObjectType, to: &ObjectType) -> String {
        let row = cx.sdk.row();
        let code = if row.snippets.rename_type_code.is_empty() {
            String::new()
        } else {
            cx.code(&fill(
                row.snippets.rename_type_code,
                &[
                    ("{old}", &from.name),
                    ("{type}", &to.name),
                    ("{base}", row.base(to.kind)),
                ],
            ))
        };
        fill(row.snippets.rename_type_alternative, &[("{code}", &code)])
    }
    /// How to avoid the breaking rename of a property.
    fn rename_property_alternative(
        &self,
        cx: &EditCx,
        owner: &ObjectType,
        before: &Property,
        after: &Property,
    ) -> String {
        let _ = owner;
        fill(
            cx.sdk.row().snippets.rename_property_alternative,
            &[
                ("{public}", after.public_name()),
                ("{shorthand}", &crate::model::type_shorthand(&after.ty, after.optional)),
                ("{old}", &before.name),
            ],
        )
    }
    /// A rename in code only (the persisted name stays).
    fn remap(&self, cx: &EditCx, owner: &ObjectType, before: &Property, after: &Property) -> String {
        let _ = before;
        format!(
            "{}{}",
            remap_name(cx, owner, after),
            fill(cx.sdk.row().snippets.remap, &[("{persisted}", &after.name)])
        )
    }
}

/// What a local-realm migration block has to do.
#[derive(Default)]
pub struct MigrationNeeds<'a> {
    /// (type, old persisted name, new property)
    pub renames: Vec<(&'a str, &'a str, &'a Property)>,
    /// (type, property, old shorthand, new shorthand): values to convert by hand.
    pub conversions: Vec<(&'a str, &'a str, String, String)>,
}

/// Shared text for the migration block's hand-written part.
pub fn conversion_note(m: &MigrationNeeds, comment: &str, indent: &str) -> String {
    m.conversions
        .iter()
        .map(|(t, p, a, b)| {
            format!("{indent}{comment} convert {t}.{p} from {a} to {b} here (copy from the old object), or its local values are reset\n")
        })
        .collect()
}

/// Shared wording for a removed type.
pub fn kind_word(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "object",
        ObjectKind::Embedded => "embedded object",
        ObjectKind::Asymmetric => "asymmetric object",
    }
}

/// The part of a model the model diff needs: the types the edits touch, and the types those
/// refer to (link targets, embedded types, backlink origins), so each generates as it would in
/// the whole model.
pub fn touched(s: &Schema, names: &std::collections::BTreeSet<&str>) -> Schema {
    let mut out = Schema::new(s.side);
    out.sync = s.sync.clone();
    let mut stack: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut depth_one: Vec<String> = Vec::new();
    while let Some(n) = stack.pop() {
        if out.types.contains_key(&n) {
            continue;
        }
        if let Some(t) = s.types.get(&n) {
            for p in t.properties.values() {
                if let Some(target) = p.ty.target() {
                    depth_one.push(target.to_string());
                }
            }
            out.types.insert(n, t.clone());
        }
    }
    // Referred-to types only need to exist (their kind and name shape the declarations); their
    // properties would only add identical lines to both sides.
    for n in depth_one {
        if let Some(t) = s.types.get(&n) {
            out.types.entry(n).or_insert_with(|| {
                let mut stub = t.clone();
                let pk = t.primary_key.clone();
                stub.properties.retain(|k, _| Some(k) == pk.as_ref());
                stub
            });
        }
    }
    out
}

/// The lines of one class in generated source: from its declaration to the first line that is
/// a lone `}` (or `};`) at column 0.
pub fn class_block(src: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = src.lines().collect();
    let heads = [
        format!("class {name}"),
        format!("class _{name}"),
        format!("struct {name}"),
    ];
    let mut start = lines.iter().position(|l| {
        let l = l.trim_start_matches("export ").trim_start_matches("public partial ");
        heads.iter().any(|h| {
            l.strip_prefix(h.as_str())
                .is_some_and(|r| r.starts_with([' ', ':', '<', '{']))
        })
    })?;
    // Annotations and attributes above the class belong to it.
    while start > 0 && (lines[start - 1].starts_with('@') || lines[start - 1].starts_with('[')) {
        start -= 1;
    }
    let mut end = (start..lines.len()).find(|&i| lines[i] == "}" || lines[i] == "};")?;
    // C++: the schema macro follows the struct.
    if lines.get(end + 1).is_some_and(|l| l.starts_with("REALM_")) {
        end += 1;
    }
    Some(lines[start..=end].join("\n"))
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

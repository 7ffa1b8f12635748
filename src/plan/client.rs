//! Client-model instructions for every requested SDK: a closed set of client edits derived from
//! the findings, rendered by one renderer per SDK (`plan/sdk/*.rs`) whose `match` over
//! `ClientEdit` has no catch-all arm, so a new edit kind cannot be forgotten in one SDK.

use std::collections::BTreeMap;

use serde_json::json;

use crate::classify::Classified;
use crate::codegen::{self, Sdk};
use crate::diff::ChangeKind;
use crate::model::{ObjectKind, ObjectType, Property, Schema};
use crate::plan::Plan;
use crate::rules::Verdict;

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
    /// Sync mode or partition key changed: the sync configuration in code changes.
    ChangeSyncConfiguration {
        message: &'a str,
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
        }
    }
}

/// What the renderers need besides the edit.
pub struct EditCx<'a> {
    pub old: &'a Schema,
    pub new: &'a Schema,
    pub sdk: Sdk,
}

impl EditCx<'_> {
    /// `fence` code block in this SDK's language.
    pub fn code(&self, body: &str) -> String {
        let lang = match self.sdk {
            Sdk::Swift => "swift",
            Sdk::Kotlin => "kotlin",
            Sdk::Js => "js",
            Sdk::Ts => "ts",
            Sdk::Dart => "dart",
            Sdk::Csharp => "csharp",
            Sdk::Cpp => "cpp",
        };
        format!("```{lang}\n{}\n```", body.trim_end())
    }
    pub fn decl_old(&self, owner: &ObjectType, p: &Property) -> String {
        codegen::property_declaration(self.old, owner, p, self.sdk)
    }
    pub fn decl_new(&self, owner: &ObjectType, p: &Property) -> String {
        codegen::property_declaration(self.new, owner, p, self.sdk)
    }
    /// Every property declaration of a type (primary key first), as the generator writes them.
    pub fn type_body(&self, s: &Schema, t: &ObjectType) -> String {
        let mut props: Vec<&Property> = t.properties.values().collect();
        props.sort_by_key(|p| t.primary_key.as_deref() != Some(p.name.as_str()));
        props
            .iter()
            .map(|p| codegen::property_declaration(s, t, p, self.sdk))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Per-SDK knowledge the plan needs beyond declarations (facts §4).
pub trait SdkGuide {
    /// Renders one edit. Implementations match on every `ClientEdit` variant (no `_` arm).
    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String;
    /// The class header line of an object type (`class Task: Object {`).
    fn class_header(&self, t: &ObjectType) -> String;
    /// Local (non-synced) realms: bump the schema version, with a migration block when needed.
    fn schema_version(&self, renames: &[(String, String, String)]) -> String;
    /// The client-reset handler for breaking changes.
    fn client_reset(&self) -> String;
}

pub fn guide(sdk: Sdk) -> &'static dyn SdkGuide {
    match sdk {
        Sdk::Swift => &super::sdk::swift::Swift,
        Sdk::Kotlin => &super::sdk::kotlin::Kotlin,
        Sdk::Js => &super::sdk::js::Js { typescript: false },
        Sdk::Ts => &super::sdk::js::Js { typescript: true },
        Sdk::Dart => &super::sdk::dart::Dart,
        Sdk::Csharp => &super::sdk::csharp::CSharp,
        Sdk::Cpp => &super::sdk::cpp::Cpp,
    }
}

pub fn parse_sdks(list: &[String]) -> Result<Vec<Sdk>, String> {
    let mut out = Vec::new();
    for item in list
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if item == "all" {
            out.extend(Sdk::ALL);
            continue;
        }
        match Sdk::ALL.iter().find(|s| s.name() == item) {
            Some(s) => out.push(*s),
            None => {
                return Err(format!(
                    "unknown SDK \"{item}\": expected {} or all",
                    Sdk::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The client edits of a change set, in finding order.
pub fn edits<'a>(c: &'a Classified, old: &'a Schema, new: &'a Schema) -> Vec<(ClientEdit<'a>, Vec<&'a str>)> {
    let mut out: Vec<(ClientEdit<'a>, Vec<&'a str>)> = Vec::new();
    let ty_old = |n: &Option<String>| n.as_deref().and_then(|n| old.types.get(n));
    let ty_new = |n: &Option<String>| n.as_deref().and_then(|n| new.types.get(n));
    for f in &c.findings {
        let ch = &f.change;
        let fp = vec![f.fingerprint.as_str()];
        let prop_new = || ty_new(&ch.object_type).and_then(|t| f.property.as_deref().and_then(|p| t.properties.get(p)));
        let old_owner = || {
            let name = match &ch.kind {
                ChangeKind::PropertyRenamed { .. } => ch.object_type.as_ref(),
                _ => ch.object_type.as_ref(),
            };
            name.and_then(|n| old.types.get(n)).or_else(|| {
                // The owner may have been renamed as well.
                c.findings
                    .iter()
                    .find(|g| {
                        matches!(g.change.kind, ChangeKind::TypeRenamed { .. }) && g.object_type == ch.object_type
                    })
                    .and_then(|g| g.from.as_deref())
                    .and_then(|n| old.types.get(n))
            })
        };
        let old_prop = |name: &str| old_owner().and_then(|t| t.properties.get(name));
        let e = match &ch.kind {
            ChangeKind::TypeAdded => ty_new(&ch.object_type).map(|ty| ClientEdit::AddType { ty }),
            ChangeKind::TypeRemoved => ty_old(&ch.object_type).map(|ty| ClientEdit::RemoveType { ty }),
            ChangeKind::TypeRenamed { .. } => {
                match (ch.from.as_ref().and_then(|n| old.types.get(n)), ty_new(&ch.object_type)) {
                    (Some(from), Some(to)) => Some(ClientEdit::RenameType { from, to }),
                    _ => None,
                }
            }
            ChangeKind::TypeKindChanged { .. } => match (ty_old(&ch.object_type), ty_new(&ch.object_type)) {
                (Some(before), Some(after)) => Some(ClientEdit::ChangeTypeKind { before, after }),
                _ => None,
            },
            ChangeKind::PropertyAdded => match (ty_new(&ch.object_type), prop_new()) {
                (Some(owner), Some(prop)) => Some(ClientEdit::AddProperty { owner, prop }),
                _ => None,
            },
            ChangeKind::PropertyRemoved => match (old_owner(), f.property.as_deref().and_then(old_prop)) {
                (Some(owner), Some(prop)) => Some(ClientEdit::RemoveProperty { owner, prop }),
                _ => None,
            },
            ChangeKind::PropertyRenamed { .. } => {
                match (
                    ty_new(&ch.object_type),
                    ch.from.as_deref().and_then(old_prop),
                    prop_new(),
                ) {
                    (Some(owner), Some(before), Some(after)) => {
                        Some(ClientEdit::RenameProperty { owner, before, after })
                    }
                    _ => None,
                }
            }
            ChangeKind::PropertyTypeChanged
            | ChangeKind::RelationshipChanged
            | ChangeKind::MadeRequired
            | ChangeKind::MadeOptional
            | ChangeKind::DefaultAdded
            | ChangeKind::DefaultChanged
            | ChangeKind::DefaultRemoved
            | ChangeKind::IndexAdded
            | ChangeKind::IndexRemoved => {
                let before = ch.old_property().and_then(|p| old_prop(&p.name)).or(ch.old_property());
                match (ty_new(&ch.object_type), before, prop_new()) {
                    (Some(owner), Some(before), Some(after)) => {
                        Some(ClientEdit::ChangeProperty { owner, before, after })
                    }
                    _ => None,
                }
            }
            ChangeKind::ClientNameChanged => {
                match (
                    ty_new(&ch.object_type),
                    f.property.as_deref().and_then(old_prop),
                    prop_new(),
                ) {
                    (Some(owner), Some(before), Some(after)) => Some(ClientEdit::RemapName { owner, before, after }),
                    _ => None,
                }
            }
            ChangeKind::PrimaryKeyChanged => match (old_owner(), ty_new(&ch.object_type)) {
                (Some(before), Some(after)) => Some(ClientEdit::ChangePrimaryKey { before, after }),
                _ => None,
            },
            ChangeKind::QueryableFieldRemoved => f
                .property
                .as_deref()
                .map(|field| ClientEdit::DropSubscriptions { field }),
            ChangeKind::SyncModeChanged | ChangeKind::PartitionKeyChanged => {
                Some(ClientEdit::ChangeSyncConfiguration {
                    message: f.message.as_str(),
                })
            }
            ChangeKind::QueryableFieldAdded
            | ChangeKind::IndexedQueryableFieldChanged
            | ChangeKind::TypeCollectionChanged => None,
        };
        if let Some(e) = e {
            // Several findings on one property (type and default, say) share one edit.
            if let Some(last) = out.last_mut()
                && same_target(&last.0, &e)
            {
                last.1.extend(fp);
                continue;
            }
            out.push((e, fp));
        }
    }
    out
}

fn same_target(a: &ClientEdit, b: &ClientEdit) -> bool {
    match (a, b) {
        (
            ClientEdit::ChangeProperty {
                owner: o1, after: a1, ..
            },
            ClientEdit::ChangeProperty {
                owner: o2, after: a2, ..
            },
        ) => o1.name == o2.name && a1.name == a2.name,
        _ => false,
    }
}

/// Rendered instructions for all requested SDKs.
#[derive(Default)]
pub struct ClientOut {
    /// (SDK display name, text)
    pub text: Vec<(String, String)>,
    pub markdown: Vec<(String, String)>,
    pub json: serde_json::Value,
    /// `clients/<sdk>/<file>` → generated model of NEW.
    pub files: BTreeMap<String, String>,
}

pub fn instructions(c: &Classified, old: &Schema, new: &Schema, sdks: &[Sdk], plan: &Plan) -> ClientOut {
    let _ = plan;
    let edits = edits(c, old, new);
    let breaking = c.findings.iter().any(|f| {
        f.client == Verdict::Breaking
            || f.server == Verdict::Breaking && f.tags.contains(&crate::rules::Tag::ClientReset)
    });
    let renames: Vec<(String, String, String)> = edits
        .iter()
        .filter_map(|(e, _)| match e {
            ClientEdit::RenameProperty { owner, before, after } => {
                Some((owner.name.clone(), before.name.clone(), after.name.clone()))
            }
            _ => None,
        })
        .collect();
    let mut out = ClientOut {
        json: json!({}),
        ..Default::default()
    };
    if edits.is_empty() && !breaking {
        return out;
    }
    for &sdk in sdks {
        let g = guide(sdk);
        let cx = EditCx { old, new, sdk };
        let mut md = String::new();
        let mut items = Vec::new();
        for (i, (e, fps)) in edits.iter().enumerate() {
            let body = g.edit(e, &cx);
            md.push_str(&format!("{}. {body}\n\n", i + 1));
            items.push(json!({"edit": e.kind(), "findings": fps, "instructions": body}));
        }
        let needs_version = edits.iter().any(|(e, _)| {
            !matches!(
                e,
                ClientEdit::DropSubscriptions { .. } | ClientEdit::ChangeSyncConfiguration { .. }
            )
        });
        let version = if needs_version {
            Some(g.schema_version(&renames))
        } else {
            None
        };
        if let Some(v) = &version {
            md.push_str(&format!("**Local (non-synced) realms** of these types: {v}\n\n"));
        }
        let reset = if breaking { Some(g.client_reset()) } else { None };
        if let Some(r) = &reset {
            md.push_str(&format!(
                "**Client reset**: breaking changes make every automatic client-reset mode fall back to the manual path; ship a handler:\n\n{r}\n\n"
            ));
        }
        let (old_src, new_src) = (codegen::generate(old, sdk), codegen::generate(new, sdk));
        let diff = similar::TextDiff::from_lines(&old_src, &new_src)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{}", sdk.file_name()), &format!("b/{}", sdk.file_name()))
            .to_string();
        if !diff.is_empty() {
            md.push_str(&format!(
                "Generated model, old → new (`syncplan codegen --sdk {}`):\n\n```diff\n{}```\n",
                sdk.name(),
                diff
            ));
        }
        out.files
            .insert(format!("clients/{}/{}", sdk.name(), sdk.file_name()), new_src);
        out.json[sdk.name()] = json!({
            "sdk": sdk.display(),
            "edits": items,
            "schema_version": version,
            "client_reset": reset,
            "model_diff": diff,
        });
        out.text.push((sdk.display().to_string(), md.clone()));
        out.markdown.push((sdk.display().to_string(), md));
    }
    out
}

/// Shared wording for a removed type.
pub fn kind_word(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "object",
        ObjectKind::Embedded => "embedded object",
        ObjectKind::Asymmetric => "asymmetric object",
    }
}

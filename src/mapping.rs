//! The data-model mapping Realm ⇄ App Services JSON schema, in one table, used in both
//! directions (loading server schemas, writing Development Mode output, checking consistency).
//! `docs/mapping.md` is generated from this table (`syncplan docs`), and a test fails when the
//! committed file is stale.
//!
//! Sources: https://www.mongodb.com/docs/atlas/app-services/schemas/types/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ (App Services data-model-map, realm-core `BaasRuleBuilder`).

use crate::model::ScalarType;

pub struct ScalarMapping {
    pub realm: ScalarType,
    /// Realm JS type name (the shorthand used in reports and Realm JS models).
    pub realm_js: &'static str,
    /// realm-core `PropertyType` name.
    pub core: &'static str,
    /// The bsonType Development Mode writes.
    pub bson: &'static str,
    /// Allowed as a primary key (`_id`) type.
    pub primary_key: bool,
    /// Indexable in realm-core.
    pub indexable: bool,
    pub note: &'static str,
}

pub const SCALARS: &[ScalarMapping] = &[
    ScalarMapping {
        realm: ScalarType::Bool,
        realm_js: ScalarType::Bool.name(),
        core: "Bool",
        bson: "bool",
        primary_key: false,
        indexable: true,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::Int,
        realm_js: ScalarType::Int.name(),
        core: "Int",
        bson: "long",
        primary_key: true,
        indexable: true,
        note: "All SDK integer widths. `int` is accepted on the server as the same type.",
    },
    ScalarMapping {
        realm: ScalarType::Float,
        realm_js: ScalarType::Float.name(),
        core: "Float",
        bson: "float",
        primary_key: false,
        indexable: false,
        note: "Realm-specific bsonType.",
    },
    ScalarMapping {
        realm: ScalarType::Double,
        realm_js: ScalarType::Double.name(),
        core: "Double",
        bson: "double",
        primary_key: false,
        indexable: false,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::String,
        realm_js: ScalarType::String.name(),
        core: "String",
        bson: "string",
        primary_key: true,
        indexable: true,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::Data,
        realm_js: ScalarType::Data.name(),
        core: "Data",
        bson: "binData",
        primary_key: false,
        indexable: false,
        note: "Binary subtype 0.",
    },
    ScalarMapping {
        realm: ScalarType::Date,
        realm_js: ScalarType::Date.name(),
        core: "Timestamp",
        bson: "date",
        primary_key: false,
        indexable: true,
        note: "BSON dates have millisecond precision.",
    },
    ScalarMapping {
        realm: ScalarType::Decimal128,
        realm_js: ScalarType::Decimal128.name(),
        core: "Decimal",
        bson: "decimal",
        primary_key: false,
        indexable: false,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::ObjectId,
        realm_js: ScalarType::ObjectId.name(),
        core: "ObjectId",
        bson: "objectId",
        primary_key: true,
        indexable: true,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::Uuid,
        realm_js: ScalarType::Uuid.name(),
        core: "UUID",
        bson: "uuid",
        primary_key: true,
        indexable: true,
        note: "",
    },
    ScalarMapping {
        realm: ScalarType::Mixed,
        realm_js: ScalarType::Mixed.name(),
        core: "Mixed",
        bson: "mixed",
        primary_key: false,
        indexable: true,
        note: "Always nullable; never in `required`.",
    },
    ScalarMapping {
        realm: ScalarType::Counter,
        realm_js: ScalarType::Counter.name(),
        core: "Int",
        bson: "long",
        primary_key: false,
        indexable: false,
        note: "Client-side only: the server sees a plain `long` and loads back as `int`.",
    },
];

/// bsonType spellings accepted on load besides the canonical ones, with the note reported as an
/// informational finding when one is normalised.
pub const BSON_ALIASES: &[(&str, ScalarType, &str)] = &[
    (
        "int",
        ScalarType::Int,
        "`int` (32-bit) is read as Realm int, which Development Mode writes as `long`",
    ),
    (
        "boolean",
        ScalarType::Bool,
        "`boolean` is a JSON type, not a bsonType; read as `bool`",
    ),
    (
        "binary",
        ScalarType::Data,
        "`binary` is the Admin API spelling of `binData`",
    ),
    (
        "number",
        ScalarType::Double,
        "`number` accepts any numeric BSON type; read as Realm double",
    ),
];

/// JSON-Schema `type` keywords (used instead of `bsonType` in some hand-written schemas).
pub const JSON_TYPES: &[(&str, ScalarType)] = &[
    ("string", ScalarType::String),
    ("boolean", ScalarType::Bool),
    ("number", ScalarType::Double),
];

/// BSON types App Services accepts that no Realm property type can hold.
pub const BSON_WITHOUT_REALM: &[&str] = &[
    "regex",
    "timestamp",
    "javascript",
    "symbol",
    "minKey",
    "maxKey",
    "function",
    "null",
    "dbPointer",
    "undefined",
];

pub fn row(s: ScalarType) -> &'static ScalarMapping {
    // SCALARS has one row per ScalarType variant (tested below).
    SCALARS.iter().find(|m| m.realm == s).unwrap_or(&SCALARS[0])
}

pub fn realm_name(s: ScalarType) -> &'static str {
    row(s).realm_js
}

pub fn bson_type(s: ScalarType) -> &'static str {
    row(s).bson
}

/// Realm JS scalar type name → scalar type (`decimal128`, `objectId`, ...).
pub fn from_realm_js(name: &str) -> Option<ScalarType> {
    SCALARS.iter().find(|m| m.realm_js == name).map(|m| m.realm)
}

/// What a bsonType string means for Realm.
pub enum BsonLookup {
    /// Canonical spelling.
    Exact(ScalarType),
    /// Accepted alias; the note says what was normalised.
    Alias(ScalarType, &'static str),
    /// A BSON type that no Realm type can hold.
    NoRealmEquivalent,
    Unknown,
}

pub fn from_bson(name: &str) -> BsonLookup {
    if let Some(m) = SCALARS
        .iter()
        .find(|m| m.bson == name && m.realm != ScalarType::Counter)
    {
        return BsonLookup::Exact(m.realm);
    }
    if let Some((_, s, note)) = BSON_ALIASES.iter().find(|(a, _, _)| *a == name) {
        return BsonLookup::Alias(*s, note);
    }
    if BSON_WITHOUT_REALM.contains(&name) {
        return BsonLookup::NoRealmEquivalent;
    }
    BsonLookup::Unknown
}

/// Two scalar types that store the same thing on the server (`counter` is a `long`).
pub fn server_equivalent(a: ScalarType, b: ScalarType) -> bool {
    let norm = |s: ScalarType| if s == ScalarType::Counter { ScalarType::Int } else { s };
    norm(a) == norm(b)
}

/// The list of every accepted bsonType, for "expected one of" messages.
pub fn accepted_bson_types() -> String {
    let mut v: Vec<&str> = SCALARS.iter().map(|m| m.bson).collect();
    v.extend(["object", "array"]);
    v.extend(BSON_ALIASES.iter().map(|(a, _, _)| *a));
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

/// `docs/mapping.md`, generated.
pub fn render_markdown() -> String {
    let mut s = String::new();
    s.push_str("<!-- GENERATED by `syncplan docs` from src/mapping.rs. Do not edit by hand. -->\n");
    s.push_str("# Realm ⇄ App Services schema mapping\n\n");
    s.push_str("syncplan reads and writes App Services schemas with this table, in both directions. ");
    s.push_str(
        "Sources: App Services *Data Model Mapping*, realm-core `BaasRuleBuilder` (MongoDB App Services docs `sync/data-model/data-model-map`; realm-core `test/object-store/util/sync/baas_admin_api.cpp`).\n\n",
    );
    s.push_str("## Scalar types\n\n");
    s.push_str("| Realm (JS name) | realm-core | bsonType written | primary key | indexable | note |\n|---|---|---|---|---|---|\n");
    for m in SCALARS {
        s.push_str(&format!(
            "| `{}` | {} | `{}` | {} | {} | {} |\n",
            m.realm_js,
            m.core,
            m.bson,
            if m.primary_key { "yes" } else { "no" },
            if m.indexable { "yes" } else { "no" },
            m.note
        ));
    }
    s.push_str("\n## Spellings accepted on load (reported as `bson_type_normalized`, level info)\n\n");
    s.push_str("| bsonType | read as | note |\n|---|---|---|\n");
    for (a, t, note) in BSON_ALIASES {
        s.push_str(&format!("| `{a}` | `{}` | {note} |\n", realm_name(*t)));
    }
    s.push_str("\nJSON-Schema `type` instead of `bsonType`: ");
    let jt: Vec<String> = JSON_TYPES
        .iter()
        .map(|(j, t)| format!("`{j}` → `{}`", realm_name(*t)))
        .collect();
    s.push_str(&jt.join(", "));
    s.push_str(" (also reported as `bson_type_normalized`). `[\"T\", \"null\"]` reads as optional `T`.\n");
    s.push_str("\nBSON types with no Realm equivalent (the field is left out of the model and reported as `bson_type_no_realm_equivalent`): ");
    let nr: Vec<String> = BSON_WITHOUT_REALM.iter().map(|b| format!("`{b}`")).collect();
    s.push_str(&nr.join(", "));
    s.push_str(".\n\n## Shapes\n\n");
    s.push_str("| Realm | App Services schema |\n|---|---|\n");
    for (r, a) in SHAPES {
        s.push_str(&format!("| {r} | {a} |\n"));
    }
    s.push_str("\n## Optionality\n\n");
    s.push_str("- A required (non-nullable) single value is listed in the object's `required` array; an optional one is not.\n");
    s.push_str("- Lists, sets, dictionaries and links are never in `required`; `mixed` is always nullable.\n");
    s.push_str("- Element nullability of collections (`int?[]`) is written as `items: {\"bsonType\": [\"long\", \"null\"]}`.\n");
    s.push_str("- Client-only facets are not part of the server schema: `linkingObjects`, `default`, `indexed`, `mapTo` client names, `counter` (a `long`).\n");
    s
}

pub const SHAPES: &[(&str, &str)] = &[
    ("`T[]` list", "`{\"bsonType\": \"array\", \"items\": <T>}`"),
    (
        "`T<>` set",
        "`{\"bsonType\": \"array\", \"uniqueItems\": true, \"items\": <T>}`",
    ),
    (
        "`T{}` dictionary",
        "`{\"bsonType\": \"object\", \"additionalProperties\": <T>}` (no or empty `properties`)",
    ),
    (
        "to-one link `Dog?`",
        "the target's primary-key bsonType, plus a `relationships.json` entry `{\"ref\": \"#/relationship/<ds>/<db>/<coll>\", \"foreign_key\": \"_id\", \"is_list\": false}`",
    ),
    (
        "to-many link `Dog[]`/`Dog<>`/`Dog{}`",
        "a collection of the target's primary-key type, plus a relationship with `\"is_list\": true`",
    ),
    (
        "embedded object `Address?`",
        "inline `{\"bsonType\": \"object\", \"title\": \"Address\", \"required\": [...], \"properties\": {...}}`",
    ),
    (
        "list of embedded objects `Address[]`",
        "`{\"bsonType\": \"array\", \"items\": <embedded object schema>}`",
    ),
    (
        "link inside an embedded object",
        "relationship key with a dotted path: `address.city`, `addresses.[].city`",
    ),
    ("`linkingObjects`", "nothing: backlinks are computed on the client"),
    (
        "top-level / asymmetric type",
        "one collection whose schema has `title` = type name; asymmetric collections are listed in `sync/config.json` `asymmetric_tables`",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_scalar_type_and_round_trip() {
        let all = ScalarType::ALL;
        for (i, t) in all.iter().enumerate() {
            assert_eq!(t.index(), i, "{t:?}");
        }
        assert_eq!(SCALARS.len(), all.len());
        for s in all {
            assert_eq!(SCALARS.iter().filter(|m| m.realm == s).count(), 1, "{s:?}");
            assert_eq!(from_realm_js(realm_name(s)), Some(s));
            match from_bson(bson_type(s)) {
                BsonLookup::Exact(back) => assert!(server_equivalent(back, s), "{s:?}"),
                _ => panic!("bson of {s:?} does not map back"),
            }
        }
    }
}

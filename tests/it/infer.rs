//! `syncplan infer`: every inference rule of docs/inference.md, bad input, --skip-invalid,
//! sampling, relationships, the app export round trip, and the CLI (stdin, exit codes).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use bson::oid::ObjectId;
use bson::spec::BinarySubtype;
use bson::{Binary, Bson, DateTime, Document, doc};
use syncplan::infer::build::{Level, TitleStyle};
use syncplan::infer::{Inference, Options, infer_bytes};
use syncplan::model::{Collection, Element, ObjectKind, PropertyType, ScalarType};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/infer");

fn opts() -> Options {
    Options {
        threads: 2,
        ..Options::default()
    }
}

fn bson_bytes(docs: &[Document]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in docs {
        out.extend(d.to_vec().expect("encodable test document"));
    }
    out
}

fn infer_docs(coll: &str, docs: &[Document]) -> Inference {
    infer_bytes(vec![("test.bson", coll, bson_bytes(docs))], &opts()).expect("valid input")
}

fn infer_json(coll: &str, text: &str) -> Result<Inference, String> {
    infer_bytes(vec![("test.json", coll, text.as_bytes().to_vec())], &opts())
}

fn oid(i: u32) -> ObjectId {
    let mut b = [0u8; 12];
    b[8..].copy_from_slice(&i.to_be_bytes());
    b[0] = 0x65;
    ObjectId::from_bytes(b)
}

fn uuid(i: u32) -> Bson {
    let mut bytes = vec![0x11u8; 16];
    bytes[12..].copy_from_slice(&i.to_be_bytes());
    bytes[6] = 0x40;
    Bson::Binary(Binary {
        subtype: BinarySubtype::Uuid,
        bytes,
    })
}

fn prop<'a>(inf: &'a Inference, ty: &str, p: &str) -> &'a syncplan::model::Property {
    inf.schema.property(ty, p).unwrap_or_else(|| {
        panic!(
            "{ty}.{p} missing; types: {:?}",
            inf.schema.types.keys().collect::<Vec<_>>()
        )
    })
}

fn single(s: ScalarType) -> PropertyType {
    PropertyType::single(s)
}

fn list(e: Element) -> PropertyType {
    PropertyType::Value {
        collection: Collection::List,
        element: e,
    }
}

fn decision<'a>(inf: &'a Inference, kind: &str, path: &str) -> Option<&'a syncplan::infer::build::Decision> {
    inf.report.decisions.iter().find(|d| d.kind == kind && d.path == path)
}

fn field<'a>(inf: &'a Inference, coll: &str, path: &str) -> &'a syncplan::infer::build::FieldReport {
    inf.report
        .collections
        .iter()
        .find(|c| c.collection == coll)
        .and_then(|c| c.fields.iter().find(|f| f.path == path))
        .unwrap_or_else(|| panic!("no field report for {coll}.{path}"))
}

fn schema_json(inf: &Inference, coll: &str) -> serde_json::Value {
    inf.report.schemas.get(coll).cloned().expect("schema written")
}

// ---- Rules --------------------------------------------------------------------------------------

#[test]
fn int32_is_int_int64_is_int_and_the_report_keeps_them_apart() {
    let docs: Vec<Document> = (0..4)
        .map(|i| doc! {"_id": oid(i), "small": i as i32, "big": 5_000_000_000i64 + i as i64, "both": if i % 2 == 0 { Bson::Int32(1) } else { Bson::Int64(2) }})
        .collect();
    let inf = infer_docs("counters", &docs);
    for p in ["small", "big", "both"] {
        assert_eq!(prop(&inf, "Counter", p).ty, single(ScalarType::Int), "{p}");
    }
    // The canonical Realm mapping is written: bsonType long for every Realm int.
    let s = schema_json(&inf, "counters");
    for p in ["small", "big", "both"] {
        assert_eq!(s["properties"][p]["bsonType"], "long", "{p}");
    }
    assert_eq!(field(&inf, "counters", "small").types, BTreeMap::from([("int", 4)]));
    assert_eq!(field(&inf, "counters", "big").types, BTreeMap::from([("long", 4)]));
    assert_eq!(
        field(&inf, "counters", "both").types,
        BTreeMap::from([("int", 2), ("long", 2)])
    );
    assert!(decision(&inf, "int32_and_int64", "both").is_some());
    let note = decision(&inf, "int32_written_as_long", "").expect("int32 note");
    assert!(
        note.message.contains("`small`") && !note.message.contains("`big`"),
        "{}",
        note.message
    );
}

#[test]
fn required_means_in_every_document_and_never_null() {
    let docs = vec![
        doc! {"_id": 1, "always": "a", "sometimes": "x", "nullable": "n"},
        doc! {"_id": 2, "always": "b", "nullable": Bson::Null},
        doc! {"_id": 3, "always": "c", "sometimes": "y", "nullable": "m"},
    ];
    let inf = infer_docs("things", &docs);
    assert!(!prop(&inf, "Thing", "always").optional);
    assert!(prop(&inf, "Thing", "sometimes").optional);
    assert!(prop(&inf, "Thing", "nullable").optional);
    let req = &schema_json(&inf, "things")["required"];
    assert_eq!(req, &serde_json::json!(["_id", "always"]));
    let f = field(&inf, "things", "sometimes");
    assert_eq!((f.present, f.of), (2, 3));
    assert!(decision(&inf, "null_seen", "nullable").is_some());
}

#[test]
fn nested_documents_are_embedded_objects_titled_by_path_or_field() {
    let docs: Vec<Document> = (0..3)
        .map(|i| {
            doc! {"_id": oid(i), "shipping": {"city": "Oslo", "geo": {"lat": 1.5, "lng": 2.5}},
            "billing": {"address": {"street": "x"}}, "home": {"address": {"street": "y", "no": i as i32}}}
        })
        .collect();
    let inf = infer_docs("orders", &docs);
    let ship = prop(&inf, "Order", "shipping");
    assert_eq!(ship.ty.target(), Some("OrderShipping"));
    assert!(ship.optional, "an embedded object is always optional");
    assert_eq!(inf.schema.kind_of("OrderShipping"), Some(ObjectKind::Embedded));
    assert_eq!(prop(&inf, "OrderShipping", "geo").ty.target(), Some("OrderShippingGeo"));
    assert_eq!(prop(&inf, "OrderShippingGeo", "lat").ty, single(ScalarType::Double));
    assert_eq!(
        schema_json(&inf, "orders")["properties"]["shipping"]["title"],
        "OrderShipping"
    );

    let field_style = infer_bytes(
        vec![("o.bson", "orders", bson_bytes(&docs))],
        &Options {
            title_style: TitleStyle::Field,
            ..opts()
        },
    )
    .expect("valid");
    assert_eq!(prop(&field_style, "Order", "shipping").ty.target(), Some("Shipping"));
    assert_eq!(prop(&field_style, "Shipping", "geo").ty.target(), Some("Geo"));
    // Two `address` objects of different shapes: the second is qualified by its parent.
    let a = prop(&field_style, "Billing", "address").ty.target().map(str::to_string);
    let b = prop(&field_style, "Home", "address").ty.target().map(str::to_string);
    assert_eq!(a.as_deref(), Some("Address"));
    assert_eq!(b.as_deref(), Some("HomeAddress"));
}

#[test]
fn arrays_are_lists_of_their_element_type_with_object_elements_merged() {
    let docs = vec![
        doc! {"_id": 1, "items": [{"sku": "a", "qty": 1}, {"sku": "b", "note": "gift"}], "tags": ["x", "y"], "empty": [], "grid": [[1, 2]], "maybe": [1, Bson::Null]},
        doc! {"_id": 2, "items": [{"sku": "c", "qty": 2}], "tags": [], "empty": [], "grid": [[3]], "maybe": [2]},
    ];
    let inf = infer_docs("carts", &docs);
    assert_eq!(prop(&inf, "Cart", "items").ty, list(Element::Object("CartItem".into())));
    assert!(
        !prop(&inf, "Cart", "items").optional,
        "lists of embedded objects cannot hold null"
    );
    assert!(!prop(&inf, "CartItem", "sku").optional, "in every element");
    assert!(prop(&inf, "CartItem", "qty").optional, "in 2 of 3 elements");
    assert!(prop(&inf, "CartItem", "note").optional);
    assert_eq!(prop(&inf, "Cart", "tags").ty, list(Element::Scalar(ScalarType::String)));
    assert_eq!(prop(&inf, "Cart", "empty").ty, list(Element::Scalar(ScalarType::Mixed)));
    assert!(decision(&inf, "empty_arrays", "empty").is_some());
    assert_eq!(prop(&inf, "Cart", "grid").ty, list(Element::Scalar(ScalarType::Mixed)));
    assert!(decision(&inf, "nested_arrays", "grid.[]").is_some());
    let maybe = prop(&inf, "Cart", "maybe");
    assert_eq!(
        (maybe.ty.clone(), maybe.optional),
        (list(Element::Scalar(ScalarType::Int)), true)
    );
    assert_eq!(
        schema_json(&inf, "carts")["properties"]["maybe"]["items"]["bsonType"],
        serde_json::json!(["long", "null"])
    );
    let f = field(&inf, "carts", "items.[]");
    assert_eq!((f.present, f.of), (3, 3));
}

#[test]
fn objects_with_varying_keys_of_one_value_type_are_dictionaries() {
    let keys = ["en", "de", "fr", "es", "it", "pt", "nl", "sv"];
    let docs: Vec<Document> = (0..20usize)
        .map(|i| {
            let mut labels = Document::new();
            labels.insert(keys[i % 8], "x");
            labels.insert(keys[(i + 3) % 8], "y");
            let mut weird = Document::new();
            weird.insert(format!("user.{i}"), i as i32);
            doc! {"_id": i as i32, "labels": labels, "size": {"w": 1.0, "h": 2.0, "d": 3.0, "unit": 4.0}, "weird": weird}
        })
        .collect();
    let inf = infer_docs("products", &docs);
    let labels = prop(&inf, "Product", "labels");
    assert_eq!(
        labels.ty,
        PropertyType::Value {
            collection: Collection::Dictionary,
            element: Element::Scalar(ScalarType::String)
        }
    );
    let d = decision(&inf, "dictionary", "labels").expect("dictionary decision");
    assert!(
        d.message.contains("8 distinct keys") && d.message.contains("at least 4 keys"),
        "{}",
        d.message
    );
    // Same keys everywhere: an embedded object even though all values are doubles.
    assert_eq!(prop(&inf, "Product", "size").ty.target(), Some("ProductSize"));
    // Keys that cannot be property names force a dictionary.
    assert_eq!(
        prop(&inf, "Product", "weird").ty,
        PropertyType::Value {
            collection: Collection::Dictionary,
            element: Element::Scalar(ScalarType::Int)
        }
    );
    assert_eq!(
        schema_json(&inf, "products")["properties"]["labels"],
        serde_json::json!({"bsonType": "object", "additionalProperties": {"bsonType": "string"}})
    );
}

#[test]
fn conflicting_types_are_mixed_except_numeric_widening_to_double() {
    let docs = vec![
        doc! {"_id": 1, "code": 7, "price": 3, "score": 5_000_000_000i64, "when": DateTime::from_millis(0)},
        doc! {"_id": 2, "code": "7b", "price": 3.5, "score": 1.5, "when": "yesterday"},
    ];
    let inf = infer_docs("mixes", &docs);
    let code = prop(&inf, "Mix", "code");
    assert_eq!((code.ty.clone(), code.optional), (single(ScalarType::Mixed), true));
    assert_eq!(
        decision(&inf, "type_conflict", "code").map(|d| d.level),
        Some(Level::Warning)
    );
    assert_eq!(prop(&inf, "Mix", "price").ty, single(ScalarType::Double));
    let w = decision(&inf, "widened_to_double", "price").expect("flagged");
    assert_eq!(w.level, Level::Warning);
    let w2 = decision(&inf, "widened_to_double", "score").expect("flagged");
    assert!(w2.message.contains("2^53"), "{}", w2.message);
    assert_eq!(prop(&inf, "Mix", "when").ty, single(ScalarType::Mixed));
    assert_eq!(schema_json(&inf, "mixes")["properties"]["code"]["bsonType"], "mixed");
}

#[test]
fn all_null_fields_are_optional_mixed_with_a_warning() {
    let inf = infer_docs(
        "things",
        &[doc! {"_id": 1, "gone": Bson::Null}, doc! {"_id": 2, "gone": Bson::Null}],
    );
    let p = prop(&inf, "Thing", "gone");
    assert_eq!((p.ty.clone(), p.optional), (single(ScalarType::Mixed), true));
    assert_eq!(
        decision(&inf, "all_null", "gone").map(|d| d.level),
        Some(Level::Warning)
    );
}

#[test]
fn id_type_drives_the_primary_key() {
    for (id, want) in [
        (Bson::ObjectId(oid(1)), ScalarType::ObjectId),
        (Bson::String("a".into()), ScalarType::String),
        (Bson::Int64(9), ScalarType::Int),
        (uuid(1), ScalarType::Uuid),
    ] {
        let inf = infer_docs("things", &[doc! {"_id": id, "x": 1}]);
        let t = &inf.schema.types["Thing"];
        assert_eq!(t.primary_key.as_deref(), Some("_id"));
        assert_eq!(t.properties["_id"].ty, single(want));
        assert!(!t.properties["_id"].optional);
        assert!(!inf.report.has_errors());
    }
    let bad = infer_docs("things", &[doc! {"_id": DateTime::from_millis(5), "x": 1}]);
    assert_eq!(
        decision(&bad, "primary_key_invalid", "_id").map(|d| d.level),
        Some(Level::Error)
    );
    assert!(bad.report.validation.iter().any(|f| f.id == "primary_key_type_invalid"));
    assert!(bad.report.has_errors());
}

#[test]
fn bson_types_without_a_realm_type_and_bad_names_are_left_out_with_a_warning() {
    let docs = vec![
        doc! {"_id": 1, "ts": Bson::Timestamp(bson::Timestamp { time: 1, increment: 2 }),
        "re": Bson::RegularExpression(bson::Regex { pattern: "a".try_into().expect("cstr"), options: "i".try_into().expect("cstr") }), "limit": 5, "$odd": 1, "ok": true, "$meta": {"x": 1},
        "old": Bson::Binary(Binary { subtype: BinarySubtype::UuidOld, bytes: vec![1; 16] })},
    ];
    let inf = infer_docs("things", &docs);
    let t = &inf.schema.types["Thing"];
    for gone in ["ts", "re", "limit", "$odd"] {
        assert!(!t.properties.contains_key(gone), "{gone}");
    }
    assert!(decision(&inf, "no_realm_type", "ts").is_some());
    assert!(decision(&inf, "invalid_field_name", "limit").is_some());
    assert!(decision(&inf, "invalid_field_name", "$odd").is_some());
    assert_eq!(t.properties["old"].ty, single(ScalarType::Data));
    assert!(decision(&inf, "legacy_uuid", "old").is_some());
    assert_eq!(field(&inf, "things", "limit").realm, "(left out)");
    assert_eq!(field(&inf, "things", "$meta.x").realm, "(left out)");
    assert_eq!(
        inf.schema.types.keys().collect::<Vec<_>>(),
        ["Thing"],
        "no type for a left-out object"
    );
}

#[test]
fn an_empty_collection_gets_no_type_and_no_documents_at_all_is_an_input_error() {
    let inf = infer_bytes(
        vec![
            ("a.bson", "a", bson_bytes(&[doc! {"_id": 1}])),
            ("b.bson", "b", Vec::new()),
        ],
        &opts(),
    )
    .expect("valid");
    assert!(inf.schema.types.contains_key("A") && !inf.schema.types.contains_key("B"));
    assert_eq!(
        decision(&inf, "no_documents", "").map(|d| d.collection.as_str()),
        Some("b")
    );
    assert!(!inf.report.has_errors());
    let (code, _, err) = syncplan(&["infer", "-", "--collection", "e"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("no documents"), "{err}");
}

// ---- Relationships ------------------------------------------------------------------------------

#[test]
fn references_to_another_collections_ids_become_links_with_their_match_rate() {
    let users: Vec<Document> = (0..10).map(|i| doc! {"_id": oid(i), "name": format!("u{i}")}).collect();
    let cats: Vec<Document> = ["books", "games", "music"]
        .iter()
        .map(|c| doc! {"_id": *c, "n": 1})
        .collect();
    let orders: Vec<Document> = (0..20u32)
        .map(|i| {
            // 18 of 20 buyers exist (90%); sellers are random ids (0%); category strings all match.
            let buyer = if i < 18 { oid(i % 10) } else { oid(1000 + i) };
            let category = ["books", "games", "music"][i as usize % 3];
            doc! {"_id": oid(100 + i), "buyer": buyer, "seller": oid(5000 + i), "watchers": [oid(i % 10), oid((i + 1) % 10)],
            "category": category, "ship": {"to": oid(i % 10)}}
        })
        .collect();
    let inf = infer_bytes(
        vec![
            ("users.bson", "users", bson_bytes(&users)),
            ("orders.bson", "orders", bson_bytes(&orders)),
            ("categories.bson", "categories", bson_bytes(&cats)),
        ],
        &opts(),
    )
    .expect("valid");
    let rel = |path: &str| {
        inf.report
            .relationships
            .iter()
            .find(|r| r.collection == "orders" && r.path == path)
            .unwrap_or_else(|| panic!("no relationship for {path}"))
    };
    let buyer = rel("buyer");
    assert_eq!(
        (buyer.checked, buyer.matched, buyer.target_collection.as_str()),
        (20, 18, "users")
    );
    assert!((buyer.match_rate - 0.9).abs() < 1e-9);
    assert!(buyer.proposed);
    assert!(!inf.report.relationships.iter().any(|r| r.path == "seller"));
    assert!(rel("watchers.[]").proposed && rel("watchers.[]").is_list);
    assert!(rel("category").proposed && rel("category").target_type == "Category");
    assert!(rel("ship.to").proposed);
    // The model has the links, and relationships.json has the entries.
    let b = prop(&inf, "Order", "buyer");
    assert_eq!((b.ty.target(), b.optional), (Some("User"), true));
    assert!(decision(&inf, "link_made_optional", "buyer").is_some());
    assert_eq!(prop(&inf, "Order", "watchers").ty, list(Element::Object("User".into())));
    let rels: serde_json::Value =
        serde_json::from_str(&inf.files["data_sources/mongodb-atlas/inferred/orders/relationships.json"])
            .expect("json");
    assert_eq!(
        rels["buyer"],
        serde_json::json!({"ref": "#/relationship/mongodb-atlas/inferred/users", "source_key": "buyer", "foreign_key": "_id", "is_list": false})
    );
    assert_eq!(rels["watchers"]["is_list"], true);
    assert_eq!(rels["ship.to"]["ref"], "#/relationship/mongodb-atlas/inferred/users");
    assert_eq!(
        rels["category"]["ref"],
        "#/relationship/mongodb-atlas/inferred/categories"
    );
    let d = decision(&inf, "relationship", "buyer").expect("reported");
    assert!(d.message.contains("90.0%"), "{}", d.message);
    assert!(!inf.report.has_errors(), "{:?}", inf.report.validation);
}

// ---- Formats ------------------------------------------------------------------------------------

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture")
}

#[test]
fn bson_canonical_relaxed_array_and_gzip_inputs_agree() {
    let bson = fixture("orders.bson");
    let canonical = fixture("orders.canonical.jsonl");
    let relaxed = fixture("orders.relaxed.jsonl");
    let relaxed_text = String::from_utf8(relaxed.clone()).expect("utf8");
    let array = format!("[\n{}\n]\n", relaxed_text.trim_end().replace('\n', ",\n"));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&bson).expect("gzip");
    let gz = gz.finish().expect("gzip");
    let run = |b: Vec<u8>| infer_bytes(vec![("orders", "orders", b)], &opts()).expect("valid fixture");
    let base = run(bson);
    assert_eq!(base.report.inputs[0].documents, 20);
    assert_eq!(base.report.inputs[0].format, syncplan::infer::input::Format::Bson);
    for (what, inf) in [
        ("canonical", run(canonical)),
        ("relaxed", run(relaxed)),
        ("array", run(array.into_bytes())),
        ("gzip", run(gz)),
    ] {
        assert_eq!(inf.report.schemas, base.report.schemas, "{what}");
        assert_eq!(inf.report.inputs[0].documents, 20, "{what}");
        let relaxed_warning = inf.report.decisions.iter().any(|d| d.kind == "relaxed_json");
        assert_eq!(relaxed_warning, what == "relaxed" || what == "array", "{what}");
    }
    assert_eq!(
        run(fixture("orders.canonical.jsonl")).report.inputs[0].format,
        syncplan::infer::input::Format::JsonLines
    );
}

#[test]
fn extended_json_wrappers_are_recognised() {
    let text = r#"{"_id": {"$uuid": "3b241101-e2bb-4255-8caf-4136c566a962"}, "a": {"$numberLong": "5"}, "b": {"$numberInt": "5"}, "c": {"$numberDouble": "Infinity"}, "d": {"$numberDecimal": "1.5"}, "e": {"$date": "2020-01-01T00:00:00Z"}, "f": {"$binary": {"base64": "AAEC", "subType": "00"}}, "g": {"$binary": "AAEC", "$type": "00"}, "h": {"$oid": "5e97c83b5c667bf375497a54"}, "i": {"$timestamp": {"t": 1, "i": 2}}, "j": {"$regularExpression": {"pattern": "a", "options": ""}}, "k": {"$binary": {"base64": "OyQRAeK7QlWMr0E2xWapYg==", "subType": "04"}}, "l": {"$date": {"$numberLong": "-5"}}, "m": {"$minKey": 1}, "n": {"$ref": "users", "$id": 1}, "o": {"plain": 1.0}}
"#;
    let inf = infer_json("things", text).expect("valid");
    let t = &inf.schema.types["Thing"];
    let want = [
        ("_id", ScalarType::Uuid),
        ("a", ScalarType::Int),
        ("b", ScalarType::Int),
        ("c", ScalarType::Double),
        ("d", ScalarType::Decimal128),
        ("e", ScalarType::Date),
        ("f", ScalarType::Data),
        ("g", ScalarType::Data),
        ("h", ScalarType::ObjectId),
        ("k", ScalarType::Uuid),
        ("l", ScalarType::Date),
        ("n", ScalarType::Mixed),
    ];
    for (p, s) in want {
        assert_eq!(t.properties[p].ty, single(s), "{p}");
    }
    assert_eq!(field(&inf, "things", "a").types, BTreeMap::from([("long", 1)]));
    assert_eq!(field(&inf, "things", "b").types, BTreeMap::from([("int", 1)]));
    for gone in ["i", "j", "m"] {
        assert!(!t.properties.contains_key(gone), "{gone}");
    }
    assert_eq!(t.properties["o"].ty.target(), Some("ThingO"));
    // The same UUID as canonical $binary subtype 04 and as $uuid hashes the same (relationships).
    assert_eq!(
        field(&inf, "things", "k").examples,
        vec!["3b241101-e2bb-4255-8caf-4136c566a962".to_string()]
    );
}

// ---- Bad input ----------------------------------------------------------------------------------

fn three_docs() -> Vec<u8> {
    bson_bytes(&[
        doc! {"_id": 1, "a": "x"},
        doc! {"_id": 2, "a": "y"},
        doc! {"_id": 3, "a": "z"},
    ])
}

#[test]
fn truncated_bson_names_file_document_and_offset() {
    let mut b = three_docs();
    let second = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let third = second + i32::from_le_bytes([b[second], b[second + 1], b[second + 2], b[second + 3]]) as usize;
    b.truncate(third + 7);
    let err = infer_bytes(vec![("dump/x.bson", "x", b.clone())], &opts())
        .err()
        .expect("error");
    assert!(err.starts_with("dump/x.bson: document 3 at byte offset "), "{err}");
    assert!(
        err.contains(&format!("offset {third}:")) && err.contains("truncated"),
        "{err}"
    );
    let ok = infer_bytes(
        vec![("dump/x.bson", "x", b)],
        &Options {
            skip_invalid: true,
            ..opts()
        },
    )
    .expect("skipped");
    let i = &ok.report.inputs[0];
    assert_eq!((i.documents, i.used, i.invalid), (3, 2, 1));
    assert_eq!(i.bad_documents[0].document, Some(3));
    assert_eq!(i.bad_documents[0].offset, third as u64);
    assert!(ok.report.decisions.iter().any(|d| d.kind == "invalid_documents"));
}

#[test]
fn corrupt_bson_length_and_invalid_utf8_are_reported() {
    let mut b = three_docs();
    let first = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    b[first..first + 4].copy_from_slice(&(-7i32).to_le_bytes());
    let err = infer_bytes(vec![("c.bson", "c", b)], &opts()).err().expect("error");
    assert!(
        err.starts_with(&format!("c.bson: document 2 at byte offset {first}: corrupt BSON")),
        "{err}"
    );

    // Invalid UTF-8 inside document 2's string value "y".
    let mut b = three_docs();
    let pos = (first..b.len()).find(|&i| b[i] == b'y').expect("y");
    b[pos] = 0xff;
    let err = infer_bytes(vec![("u.bson", "u", b.clone())], &opts())
        .err()
        .expect("error");
    assert!(
        err.starts_with(&format!("u.bson: document 2 at byte offset {first}: field \"a\"")),
        "{err}"
    );
    assert!(
        err.to_lowercase().contains("utf-8") || err.to_lowercase().contains("utf8"),
        "{err}"
    );
    let skipped = infer_bytes(
        vec![("u.bson", "u", b)],
        &Options {
            skip_invalid: true,
            ..opts()
        },
    )
    .expect("skip");
    assert_eq!(skipped.report.inputs[0].invalid, 1);
    assert_eq!(field(&skipped, "u", "a").present, 2);
}

#[test]
fn malformed_json_lines_name_line_column_and_offset() {
    let text = "{\"_id\": 1, \"a\": 1}\n{\"_id\": 2, \"a\": }\n{\"_id\": 3, \"a\": 3}\n";
    let err = infer_json("j", text).err().expect("error");
    // Line 2 starts at byte 19; the bad `}` is its 17th byte.
    assert!(err.starts_with("test.json:2:17: byte offset 35: invalid JSON"), "{err}");
    let bad_utf8 = b"{\"_id\": 1, \"a\": \"ok\"}\n{\"_id\": 2, \"a\": \"\xff\"}\n".to_vec();
    let err = infer_bytes(vec![("u.jsonl", "u", bad_utf8)], &opts())
        .err()
        .expect("error");
    assert!(err.starts_with("u.jsonl:2:"), "{err}");
    assert!(err.contains("byte offset"), "{err}");
    let wrapper = "{\"_id\": {\"$oid\": \"nothex\"}}\n";
    let err = infer_json("w", wrapper).err().expect("error");
    assert!(err.contains("$oid must be a string of 24 hex digits"), "{err}");
    let ok = infer_bytes(
        vec![("test.json", "j", text.as_bytes().to_vec())],
        &Options {
            skip_invalid: true,
            ..opts()
        },
    )
    .expect("skip");
    let i = &ok.report.inputs[0];
    assert_eq!((i.documents, i.used, i.invalid), (3, 2, 1));
    assert_eq!(i.bad_documents[0].line, Some(2));
}

#[test]
fn truncated_json_array_and_unknown_formats_are_errors() {
    let err = infer_json("a", "[{\"_id\": 1}, {\"_id\": 2, \"a\": [1, 2")
        .err()
        .expect("error");
    assert!(err.contains("ends before the closing ']'"), "{err}");
    let err = infer_json("a", "[{\"_id\": 1}, {\"_id\": 2,, }]").err().expect("error");
    assert!(
        err.starts_with("test.json:1: document 2 at byte offset 23: invalid JSON"),
        "{err}"
    );
    let err = infer_json("a", "hello").err().expect("error");
    assert!(err.contains("cannot tell what this input is"), "{err}");
}

// ---- Streaming, threads, sampling ---------------------------------------------------------------

fn many(n: u32) -> Vec<Document> {
    (0..n)
        .map(|i| {
            let mut d =
                doc! {"_id": oid(i), "n": i as i32, "s": format!("v{}", i % 7), "bucket": format!("b{}", i * 10 / n)};
            if i % 3 == 0 {
                d.insert("third", true);
            }
            d.insert(format!("b{}", i * 10 / n), 1);
            d
        })
        .collect()
}

#[test]
fn chunked_parallel_reading_counts_every_document_once_and_is_deterministic() {
    // ~1.6 MB: several chunks; JSON lines and arrays cross chunk boundaries too.
    let docs = many(20_000);
    let bson = bson_bytes(&docs);
    let lines: String = (0..20_000u32)
        .map(|i| {
            let b = format!("b{}", i * 10 / 20_000);
            let third = if i % 3 == 0 { ", \"third\": true" } else { "" };
            format!(
                "{{\"_id\": {{\"$oid\": \"{}\"}}, \"n\": {i}, \"s\": \"v{}\", \"bucket\": \"{b}\"{third}, \"{b}\": 1}}\n",
                oid(i).to_hex(),
                i % 7
            )
        })
        .collect();
    let array = format!("[{}]", lines.trim_end().replace('\n', ","));
    // A bad line deep in a later chunk is reported with its line number in the whole input.
    let mut broken: Vec<&str> = lines.lines().collect();
    broken[14_999] = "{\"_id\": oops}";
    let broken = broken.join("\n");
    let offset: usize = broken.lines().take(14_999).map(|l| l.len() + 1).sum();
    let err = infer_bytes(vec![("big.jsonl", "m", broken.clone().into_bytes())], &opts())
        .err()
        .expect("error");
    assert!(
        err.starts_with(&format!("big.jsonl:15000:9: byte offset {}: invalid JSON", offset + 8)),
        "{err}"
    );
    let skipped = infer_bytes(
        vec![("big.jsonl", "m", broken.into_bytes())],
        &Options {
            skip_invalid: true,
            ..opts()
        },
    )
    .expect("skip");
    assert_eq!(skipped.report.inputs[0].bad_documents[0].line, Some(15_000));
    for (what, bytes) in [
        ("bson", bson),
        ("lines", lines.into_bytes()),
        ("array", array.into_bytes()),
    ] {
        let one = infer_bytes(vec![("m", "m", bytes.clone())], &Options { threads: 1, ..opts() }).expect("valid");
        let two = infer_bytes(vec![("m", "m", bytes)], &Options { threads: 2, ..opts() }).expect("valid");
        assert_eq!(one.report.inputs[0].documents, 20_000, "{what}");
        assert_eq!(field(&one, "m", "third").present, 6667, "{what}");
        assert_eq!(field(&two, "m", "third").present, 6667, "{what}");
        let a = serde_json::to_value(&one.report.collections).expect("json");
        let b = serde_json::to_value(&two.report.collections).expect("json");
        assert_eq!(a, b, "{what}: thread count changed the report");
        assert_eq!(
            field(&one, "m", "s").examples,
            vec!["\"v0\"", "\"v1\"", "\"v2\""],
            "{what}"
        );
    }
}

#[test]
fn sampling_is_reproducible_with_a_seed_and_uniform() {
    let bytes = bson_bytes(&many(10_000));
    let run = |seed: u64| {
        infer_bytes(
            vec![("m.bson", "m", bytes.clone())],
            &Options {
                sample: Some(1000),
                seed,
                ..opts()
            },
        )
        .expect("valid")
    };
    let a = run(42);
    let b = run(42);
    let c = run(43);
    let json = |i: &Inference| serde_json::to_value(&i.report.collections).expect("json");
    assert_eq!(json(&a), json(&b));
    assert_ne!(json(&a), json(&c));
    assert_eq!(a.report.inputs[0].used, 1000);
    assert_eq!(a.report.inputs[0].documents, 10_000);
    assert!(decision(&a, "sampled", "").is_some());
    // Document i has field b{i/1000}: each bucket should hold ~100 of the 1000 sampled documents.
    let chi2: f64 = (0..10)
        .map(|k| {
            let n = field(&a, "m", &format!("b{k}")).present as f64;
            (n - 100.0).powi(2) / 100.0
        })
        .sum();
    assert!(
        chi2 < 21.67,
        "chi-square {chi2} over 10 buckets (p = 0.01 critical value 21.67)"
    );
}

// ---- The export ---------------------------------------------------------------------------------

#[test]
fn the_app_export_validates_and_loads_back_as_the_inferred_model() {
    let users: Vec<Document> = (0..5)
        .map(|i| doc! {"_id": oid(i), "name": "n", "tags": ["a"], "prefs": {"a": 1}})
        .collect();
    let posts: Vec<Document> = (0..8u32)
        .map(|i| doc! {"_id": uuid(i), "author": oid(i % 5), "body": {"text": "t", "refs": [{"url": "u", "n": 1.5}]}, "meta": {"k1": "a", "k2": "b", "k3": "c", "k4": "d", format!("k{}", 5 + i): "e"}})
        .collect();
    let inf = infer_bytes(
        vec![
            ("users.bson", "users", bson_bytes(&users)),
            ("posts.bson", "posts", bson_bytes(&posts)),
            ("orders.bson", "orders", fixture("orders.bson")),
        ],
        &opts(),
    )
    .expect("valid");
    let dir = tempfile::tempdir().expect("tmp");
    for (rel, content) in &inf.files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write");
    }
    let loaded = syncplan::load::load_one(dir.path()).expect("loads");
    let load_errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != syncplan::diagnostic::Severity::Info)
        .collect();
    assert!(load_errors.is_empty(), "{load_errors:?}");
    let findings = syncplan::validate::validate(&loaded.schema);
    assert!(findings.is_empty(), "{findings:?}");
    let a = syncplan::devmode::without_locations(&loaded.schema);
    let b = syncplan::devmode::without_locations(&inf.schema);
    assert_eq!(a.types, b.types);
    assert_eq!(prop(&inf, "Post", "author").ty.target(), Some("User"));
}

// ---- The command line ---------------------------------------------------------------------------

fn syncplan(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_syncplan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run syncplan");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin);
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_reads_stdin_writes_the_export_and_uses_exit_codes() {
    let (code, out, err) = syncplan(
        &["infer", "-", "--collection", "orders", "--format", "json"],
        &fixture("orders.canonical.jsonl"),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json report");
    assert_eq!(v["inputs"][0]["file"], "-");
    assert_eq!(v["collections"][0]["title"], "Order");
    assert_eq!(v["inputs"][0]["documents"], 20);

    let dir = tempfile::tempdir().expect("tmp");
    let out_dir = dir.path().join("app");
    let path = Path::new(FIXTURES).join("orders.bson");
    let p = path.to_str().expect("utf8 path");
    let o = out_dir.to_str().expect("utf8 path");
    let (code, out, err) = syncplan(&["infer", p, "--out", o, "--stats", "--database", "shop"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Field statistics: orders (20 documents)"), "{out}");
    assert!(out.contains("Validation: no findings"), "{out}");
    assert!(
        out_dir
            .join("data_sources/mongodb-atlas/shop/orders/schema.json")
            .is_file()
    );
    let (code, out, _) = syncplan(&["validate", o], b"");
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = syncplan(&["infer", p, "--out", o], b"");
    assert_eq!(code, 2);
    assert!(err.contains("not empty") && err.contains("--force"), "{err}");
    let (code, _, err) = syncplan(&["infer", p, "--out", o, "--force", "--database", "shop"], b"");
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = syncplan(&["codegen", o, "--sdk", "ts"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("class Order extends Realm.Object"), "{out}");

    // Bad input: exit 2 with the place.
    let (code, _, err) = syncplan(&["infer", "-", "--collection", "x"], b"{\"a\": 1}\n{\"a\"\n");
    assert_eq!(code, 2);
    assert!(err.starts_with("error: -:2:"), "{err}");
    // An `_id` that cannot be a primary key: the export is written, exit 1.
    let (code, _, _) = syncplan(&["infer", "-"], b"{\"_id\": 1.5}\n");
    assert_eq!(code, 1);
}

#[cfg(not(feature = "mongodb"))]
#[test]
fn uri_needs_the_mongodb_feature() {
    let (code, _, err) = syncplan(
        &[
            "infer",
            "--uri",
            "mongodb://localhost",
            "--database",
            "d",
            "--collection",
            "c",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("lacks the `mongodb` feature"), "{err}");
}

/// `--uri` against a scripted wire-protocol server (tests/infer/mock_mongod.py, PyPI `mockupdb`):
/// the driver handshake, the `$sample` aggregate, raw BSON documents into the inference. Runs only
/// with `cargo test --features mongodb` and `pip install mockupdb`; a real mongod is not tested.
#[cfg(feature = "mongodb")]
#[test]
fn uri_samples_through_the_driver() {
    use std::io::BufRead;
    let have_mockupdb = Command::new("python3")
        .args(["-c", "import mockupdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !have_mockupdb {
        eprintln!("SKIPPED uri_samples_through_the_driver: `pip install mockupdb` to run it");
        return;
    }
    let mut server = Command::new("python3")
        .arg(Path::new(FIXTURES).join("mock_mongod.py"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mock server");
    let stdout = server.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let port = first.strip_prefix("listening ").expect("mock server port").to_string();
    let uri = format!("mongodb://127.0.0.1:{port}/?directConnection=true&serverSelectionTimeoutMS=10000");
    let (code, out, err) = syncplan(
        &[
            "infer",
            "--uri",
            &uri,
            "--database",
            "shop",
            "--collection",
            "things",
            "--sample",
            "2",
            "--format",
            "json",
        ],
        b"",
    );
    let log: Vec<String> = lines.map_while(Result::ok).collect();
    let _ = server.wait();
    assert_eq!(code, 0, "{err}");
    assert!(
        log.iter()
            .any(|l| l.starts_with("aggregate") && l.contains("$sample") && l.contains("'size', 2")),
        "{log:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["inputs"][0]["documents"], 3);
    assert_eq!(v["schemas"]["things"]["title"], "Thing");
    assert_eq!(v["schemas"]["things"]["properties"]["big"]["bsonType"], "long");
    assert_eq!(
        v["schemas"]["things"]["required"],
        serde_json::json!(["_id", "big", "n"])
    );
}

/// `--skip-invalid`: a document that fails part-way (its first fields are fine) leaves nothing
/// behind, so a field present in every kept document is still required (BSON and JSON lines).
#[test]
fn skipped_documents_leave_no_partial_statistics() {
    let skip = Options {
        skip_invalid: true,
        ..opts()
    };
    let mut b = bson_bytes(&[
        doc! {"_id": 1, "a": 1, "b": "x"},
        doc! {"_id": 2, "a": 2, "b": "y"},
        doc! {"_id": 3, "a": 3, "b": "z"},
    ]);
    let first = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let pos = (first..b.len()).find(|&i| b[i] == b'y').expect("y");
    b[pos] = 0xff;
    let inf = infer_bytes(vec![("p.bson", "p", b)], &skip).expect("skip");
    assert_eq!(inf.report.inputs[0].invalid, 1);
    assert_eq!(field(&inf, "p", "a").present, 2, "{:?}", field(&inf, "p", "a"));
    assert!(!prop(&inf, "P", "a").optional, "a is in every kept document");

    let text = "{\"_id\": 1, \"a\": 1}\n{\"_id\": 2, \"a\": {\"$oid\": \"bad\"}}\n{\"_id\": 3, \"a\": 3}\n";
    let inf = infer_bytes(vec![("q.json", "q", text.as_bytes().to_vec())], &skip).expect("skip");
    assert_eq!(inf.report.inputs[0].invalid, 1);
    assert_eq!(field(&inf, "q", "_id").present, 2);
    let t = &field(&inf, "q", "a").types;
    assert!(!format!("{t:?}").contains("objectId"), "{t:?}");
    assert!(!prop(&inf, "Q", "a").optional);
}

//! CHECK: is a client model consistent with the server schema? Lists every disagreement that
//! would stop sync or lose data (facts §2). Judges two loaded models; never reads files.

use crate::diagnostic::{Diagnostic, kinds};
use crate::mapping;
use crate::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType, Schema, type_shorthand};

fn at(p: &Property) -> String {
    p.location
        .as_ref()
        .map(|l| format!(" (server: {l})"))
        .unwrap_or_default()
}

pub fn check(server: &Schema, client: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ct in client.types.values() {
        let Some(st) = server.types.get(&ct.name) else {
            out.push(Diagnostic::new(
                &kinds::CHECK_TYPE_MISSING_ON_SERVER,
                &ct.name,
                ct.location.clone(),
                format!("{} type \"{}\" has no schema on the server", ct.kind, ct.name),
            ));
            continue;
        };
        if st.kind != ct.kind {
            out.push(Diagnostic::new(
                &kinds::CHECK_KIND_MISMATCH,
                &ct.name,
                ct.location.clone(),
                format!("client: {}, server: {}", ct.kind, st.kind),
            ));
        }
        if ct.kind != ObjectKind::Embedded && st.kind != ObjectKind::Embedded && ct.primary_key != st.primary_key {
            out.push(Diagnostic::new(
                &kinds::CHECK_PRIMARY_KEY_MISMATCH,
                &ct.name,
                ct.location.clone(),
                format!(
                    "client primary key: {}, server: {}",
                    ct.primary_key.as_deref().unwrap_or("none"),
                    st.primary_key.as_deref().unwrap_or("none")
                ),
            ));
        }
        for cp in ct.properties.values() {
            if matches!(cp.ty, PropertyType::LinkingObjects { .. }) {
                continue; // computed on the client; never on the server
            }
            let path = format!("{}.{}", ct.name, cp.name);
            let Some(sp) = st.properties.get(&cp.name) else {
                let msg = match &cp.client_name {
                    Some(cn) => format!(
                        "\"{cn}\" persists as \"{}\" (mapTo), which the server schema of {} lacks",
                        cp.name, st.name
                    ),
                    None => format!("the server schema of {} has no field \"{}\"", st.name, cp.name),
                };
                out.push(Diagnostic::new(
                    &kinds::CHECK_PROPERTY_MISSING_ON_SERVER,
                    path,
                    cp.location.clone(),
                    msg,
                ));
                continue;
            };
            // Every MongoDB document has an `_id`: a server schema that leaves the primary key out of
            // `required` still stores one, so that difference alone is not an inconsistency.
            let pk_exempt = st.primary_key.as_deref() == Some(sp.name.as_str()) && sp.optional && !cp.optional;
            compare_property(&path, cp, sp, pk_exempt, &mut out);
        }
        for sp in st.properties.values() {
            if !ct.properties.contains_key(&sp.name) {
                let req = if !sp.optional && !sp.ty.is_collection() {
                    " (required on the server)"
                } else {
                    ""
                };
                out.push(Diagnostic::new(
                    &kinds::CHECK_PROPERTY_NOT_IN_CLIENT,
                    format!("{}.{}", ct.name, sp.name),
                    sp.location.clone(),
                    format!("server field \"{}\"{req} is not declared by the client", sp.name),
                ));
            }
        }
    }
    for st in server.types.values() {
        if st.kind != ObjectKind::Embedded && !client.types.contains_key(&st.name) {
            let ns = st.namespace.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
            out.push(Diagnostic::new(
                &kinds::CHECK_COLLECTION_NOT_IN_CLIENT,
                &st.name,
                st.location.clone(),
                format!("server type \"{}\"{ns} is not declared by this client", st.name),
            ));
        }
    }
    crate::diagnostic::sort(&mut out);
    out
}

fn scalar_eq(a: ScalarType, b: ScalarType) -> bool {
    mapping::server_equivalent(a, b)
}

fn compare_property(path: &str, cp: &Property, sp: &Property, pk_exempt: bool, out: &mut Vec<Diagnostic>) {
    let (
        PropertyType::Value {
            collection: cc,
            element: ce,
        },
        PropertyType::Value {
            collection: sc,
            element: se,
        },
    ) = (&cp.ty, &sp.ty)
    else {
        return;
    };
    let shown = |p: &Property| type_shorthand(&p.ty, p.optional);
    if cc != sc {
        out.push(Diagnostic::new(
            &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
            path,
            cp.location.clone(),
            format!("client: {}, server: {}{}", shown(cp), shown(sp), at(sp)),
        ));
        return;
    }
    match (ce, se) {
        (Element::Scalar(a), Element::Scalar(b)) if scalar_eq(*a, *b) => {}
        (Element::Object(a), Element::Object(b)) if a == b => {}
        (Element::Object(a), Element::Object(b)) => {
            out.push(Diagnostic::new(
                &kinds::CHECK_LINK_TARGET_MISMATCH,
                path,
                cp.location.clone(),
                format!("client refers to {a}, server to {b}{}", at(sp)),
            ));
            return;
        }
        (Element::Object(a), Element::Scalar(b)) => {
            out.push(Diagnostic::new(
                &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
                path,
                cp.location.clone(),
                format!(
                    "client: link/embedded {a}, server: plain {} field with no relationship{}",
                    mapping::bson_type(*b),
                    at(sp)
                ),
            ));
            return;
        }
        _ => {
            out.push(Diagnostic::new(
                &kinds::CHECK_PROPERTY_TYPE_MISMATCH,
                path,
                cp.location.clone(),
                format!("client: {}, server: {}{}", shown(cp), shown(sp), at(sp)),
            ));
            return;
        }
    }
    let is_object = matches!(ce, Element::Object(_));
    let is_mixed = matches!(ce, Element::Scalar(ScalarType::Mixed));
    if *cc == Collection::Single {
        if !is_object && !is_mixed && !pk_exempt && cp.optional != sp.optional {
            let side = |o: bool| if o { "optional" } else { "required" };
            out.push(Diagnostic::new(
                &kinds::CHECK_OPTIONALITY_MISMATCH,
                path,
                cp.location.clone(),
                format!("client: {}, server: {}{}", side(cp.optional), side(sp.optional), at(sp)),
            ));
        }
    } else if !is_object && !is_mixed && cp.optional && !sp.optional {
        out.push(Diagnostic::new(
            &kinds::CHECK_ELEMENT_NULLABILITY,
            path,
            cp.location.clone(),
            format!(
                "client elements are nullable ({}); the server schema allows only {}",
                shown(cp),
                shown(sp)
            ),
        ));
    }
}

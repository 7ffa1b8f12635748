//! The Realm JS shorthand type parser: never panics, and whatever it accepts prints back (via
//! `type_shorthand`) to a string that parses to the same type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::load::realm_js::shorthand;
use syncplan::model::{PropertyType, type_shorthand};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok((ty, optional)) = shorthand(s) else { return };
    let printed = type_shorthand(&ty, optional);
    let (ty2, optional2) = shorthand(&printed).unwrap_or_else(|e| panic!("{s:?} → {printed:?} does not parse: {e}"));
    assert_eq!((&ty, optional), (&ty2, optional2), "{s:?} → {printed:?}");
    assert!(matches!(ty, PropertyType::Value { .. }));
});

//! Client instructions per SDK. One `edit` renders every `ClientEdit` variant for every SDK (a
//! `match` with no catch-all arm): the wording lives in the helpers below, each SDK's fragments and
//! snippets in its row of the SDK table (`crate::sdk`), and each SDK's file (`swift.rs`, ...)
//! holds only the code that differs (class headers, migration blocks, partner classes).

pub mod cpp;
pub mod csharp;
pub mod dart;
pub mod edit;
pub mod java;
pub mod js;
pub mod kotlin;
pub mod swift;

use crate::sdk::Sdk;
pub use edit::*;

/// The renderer of `sdk`.
pub fn guide(sdk: Sdk) -> &'static dyn SdkGuide {
    match sdk {
        Sdk::Swift => &swift::Swift,
        Sdk::Kotlin => &kotlin::Kotlin,
        Sdk::Js => &js::Js { typescript: false },
        Sdk::Ts => &js::Js { typescript: true },
        Sdk::Dart => &dart::Dart,
        Sdk::Csharp => &csharp::CSharp,
        Sdk::Cpp => &cpp::Cpp,
        Sdk::Java => &java::Java,
    }
}

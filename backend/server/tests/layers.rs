//! The server's layers, checked on its sources (like the dashboard's `architecture.test.ts`):
//! use cases and adapters never reach up into the HTTP layer, and only `db/` names diesel.
//! See docs/ARCHITECTURE.md for what each room may hold.

use std::path::{Path, PathBuf};

/// Crates of the HTTP edge: only `api/`, `lib.rs` and `main.rs` may name them.
const HTTP_CRATES: &[&str] = &[
    "actix",
    "actix_web",
    "actix_multipart",
    "actix_files",
    "actix_rt",
    "utoipa",
    "utoipa_actix_web",
    "utoipa_swagger_ui",
];
/// Crates of storage: only `db/` may name them.
const STORAGE_CRATES: &[&str] = &["diesel", "diesel_migrations", "libsqlite3_sys"];

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).expect("under src").to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(&path).expect("readable source"))
        })
        .collect()
}

fn collect(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// The code of a file without its comments, so that prose may name what code may not.
fn code_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.split("//").next().unwrap_or("")))
        .filter(|(_, code)| !code.trim().is_empty())
}

/// Whether the line names the crate as a path root (`actix_web::`, `use diesel;`, `diesel::prelude`).
fn names_crate(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + krate.len()..].chars().next();
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        let is_path_root =
            matches!(after, Some(':') | Some(';') | Some(' ') | Some(',') | Some('}')) || after.is_none();
        starts_word && is_path_root && !code[at + krate.len()..].starts_with('_')
    })
}

fn violations(
    files: &[(String, String)],
    applies: impl Fn(&str) -> bool,
    forbidden: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (path, source) in files.iter().filter(|(path, _)| applies(path)) {
        for (number, code) in code_lines(source) {
            if let Some(what) = forbidden(code) {
                found.push(format!("{path}:{number} names {what}"));
            }
        }
    }
    found
}

fn is_http_edge(path: &str) -> bool {
    path.starts_with("api/") || path == "lib.rs" || path == "main.rs"
}

#[test]
fn the_sources_are_read() {
    let files = sources();
    assert!(files.iter().any(|(path, _)| path.starts_with("cases/")), "no use cases found");
    assert!(files.iter().any(|(path, _)| path.starts_with("db/")), "no db module found");
    assert!(files.len() > 30, "only {} files read", files.len());
}

#[test]
fn nothing_below_the_http_layer_imports_it() {
    let found = violations(
        &sources(),
        |path| !is_http_edge(path),
        |code| {
            let upward = ["crate::api", "super::api", "kyc_server::api"].into_iter().find(|path| code.contains(path));
            upward
                .map(str::to_owned)
                .or_else(|| HTTP_CRATES.iter().find(|krate| names_crate(code, krate)).map(|krate| krate.to_string()))
        },
    );
    assert_eq!(found, Vec::<String>::new(), "use cases and adapters must not depend on the HTTP layer");
}

#[test]
fn only_the_db_module_names_diesel() {
    let found = violations(
        &sources(),
        |path| !path.starts_with("db/"),
        |code| STORAGE_CRATES.iter().find(|krate| names_crate(code, krate)).map(|krate| krate.to_string()),
    );
    assert_eq!(found, Vec::<String>::new(), "storage stays behind db/");
}

#[test]
fn use_cases_return_no_wire_types() {
    let found = violations(
        &sources(),
        |path| path.starts_with("cases/"),
        |code| {
            ["wire::", "ToSchema", "IntoParams", "HttpResponse"]
                .into_iter()
                .find(|name| code.contains(name))
                .map(str::to_owned)
        },
    );
    assert_eq!(found, Vec::<String>::new(), "use cases speak typed records, not the wire");
}

#[test]
fn the_crate_finder_sees_paths_but_not_other_words() {
    assert!(names_crate("use actix_web::web;", "actix_web"));
    assert!(names_crate("    diesel::insert_into(table)", "diesel"));
    assert!(!names_crate("let diesel_like = 1;", "diesel"));
    assert!(!names_crate("fn transactional() {}", "actix"));
    assert!(!names_crate("use kyc_server::db::diesel_free;", "diesel"));
}

//! Storage: both backends carry the same tables and columns, and `DATABASE_URL` is read by scheme.

use crate::helpers::TestApp;
use kyc_server::db::{Db, DbError};

#[actix_web::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let sqlite = TestApp::sqlite().await;
    let Some(postgres) = TestApp::postgres().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so there is no PostgreSQL schema to compare");
        return;
    };
    let read = |app: &TestApp| app.state.db.read_now(kyc_server::db::tables_and_columns).expect("schema");
    let (on_sqlite, on_postgres) = (read(&sqlite), read(&postgres));
    assert!(on_sqlite.contains_key("sessions") && on_sqlite["sessions"].contains("pep_status"));
    assert_eq!(on_sqlite, on_postgres, "a migration differs between migrations/sqlite and migrations/postgres");
}

#[test]
fn a_database_url_with_an_unknown_scheme_is_refused_at_start() {
    let refused = Db::connect("mysql://root@127.0.0.1/kyc", 1).err().expect("refused");
    assert!(matches!(refused, DbError::Url(_)), "{refused}");
    assert!(refused.to_string().contains("unknown database scheme"), "{refused}");
}

#[test]
fn a_sqlite_url_opens_the_file_it_names_and_no_folder_called_sqlite() {
    let folder = std::env::temp_dir().join(format!("kyc-url-{}", uuid::Uuid::new_v4()));
    let file = folder.join("nested").join("kyc.sqlite");
    let db = Db::connect(&format!("sqlite://{}", file.display()), 1).expect("opens");
    db.migrate().expect("migrates");
    assert!(file.is_file(), "the database is the named file");
    assert!(!std::path::Path::new("sqlite:").exists(), "no folder named after the scheme");
    let _ = std::fs::remove_dir_all(folder);
}

// Written by hand in portable types only (see docs/ARCHITECTURE.md): both migrations match it,
// and a test checks that every table and column exists on both backends.

diesel::table! {
    companies (id) {
        id -> Text,
        name -> Text,
        settings_json -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        company_id -> Nullable<Text>,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        secret_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        previous_secret_hash -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        company_id -> Text,
        external_id -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        document_type -> Nullable<Text>,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        document_number -> Nullable<Text>,
        personal_number -> Nullable<Text>,
        sex -> Nullable<Text>,
        birth_date -> Nullable<Text>,
        expiration_date -> Nullable<Text>,
        nationality -> Nullable<Text>,
        issuing_state -> Nullable<Text>,
        search_text -> Text,
        verified -> Bool,
        liveness_passed -> Nullable<Bool>,
        document_valid -> Nullable<Bool>,
        face_match_level -> Nullable<Integer>,
        document_real -> Nullable<Bool>,
        full_document_detected -> Nullable<Bool>,
        mrz_lines -> Nullable<Text>,
        mrz_valid -> Nullable<Bool>,
        mrz_report_json -> Nullable<Text>,
        document_fields_json -> Nullable<Text>,
        user_agent_raw -> Nullable<Text>,
        device_name -> Nullable<Text>,
        device_type -> Nullable<Text>,
        browser -> Nullable<Text>,
        os -> Nullable<Text>,
        in_app_browser -> Nullable<Text>,
        user_agent_data_version -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        liveness_finished -> Bool,
        document_finished -> Bool,
        attempts_count -> Integer,
        pep_status -> Text,
        pep_matches_count -> Integer,
        pep_result_json -> Nullable<Text>,
        screened_at -> Nullable<Timestamp>,
        decision_trace_json -> Nullable<Text>,
        pending_approval_by -> Nullable<Text>,
        ip_country -> Nullable<Text>,
    }
}

diesel::table! {
    attempts (id) {
        id -> Text,
        session_id -> Text,
        number -> Integer,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        liveness_finished -> Bool,
        document_finished -> Bool,
        face_match_level -> Nullable<Integer>,
        liveness_passed -> Nullable<Bool>,
        document_valid -> Nullable<Bool>,
        mrz_valid -> Nullable<Bool>,
        user_agent_raw -> Nullable<Text>,
        device_name -> Nullable<Text>,
        device_type -> Nullable<Text>,
        browser -> Nullable<Text>,
        os -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        payload_json -> Text,
        created_at -> Timestamp,
        ip_country -> Nullable<Text>,
    }
}

diesel::table! {
    photos (id) {
        id -> Text,
        session_id -> Text,
        kind -> Text,
        content_type -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    extra_field_values (session_id, name) {
        session_id -> Text,
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    notes (id) {
        id -> Text,
        session_id -> Text,
        author_id -> Text,
        author_name -> Text,
        kind -> Text,
        body -> Text,
        reasons_json -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (chain, seq) {
        chain -> Text,
        seq -> BigInt,
        id -> Text,
        company_id -> Nullable<Text>,
        actor_id -> Text,
        actor_kind -> Text,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        outcome -> Text,
        ip -> Nullable<Text>,
        at -> Timestamp,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_chain_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::joinable!(users -> companies (company_id));
diesel::joinable!(api_clients -> companies (company_id));
diesel::joinable!(sessions -> companies (company_id));
diesel::joinable!(attempts -> sessions (session_id));
diesel::joinable!(photos -> sessions (session_id));
diesel::joinable!(notes -> sessions (session_id));

diesel::allow_tables_to_appear_in_same_query!(
    companies, users, api_clients, sessions, attempts, photos, extra_field_values, notes,
    audit_events, audit_chain_head, screening_lists, screening_entries,
);

diesel::table! {
    screening_lists (id) {
        id -> Text,
        name -> Text,
        source_format -> Text,
        version -> Text,
        imported_at -> Timestamp,
        entry_count -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    screening_entries (list_id, entity_id) {
        list_id -> Text,
        entity_id -> Text,
        entry_json -> Text,
    }
}

diesel::joinable!(screening_entries -> screening_lists (list_id));

diesel::table! {
    report_exports (id) {
        id -> Text,
        code -> Text,
        session_id -> Text,
        company_id -> Text,
        record_hash -> Text,
        language -> Text,
        generated_by -> Text,
        generated_by_name -> Text,
        generated_at -> Timestamp,
        pages -> Integer,
        size_bytes -> BigInt,
    }
}

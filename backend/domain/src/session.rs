//! Session statuses and rules.

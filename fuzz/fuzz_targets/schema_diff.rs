//! libFuzzer entry point: see `accord_fuzz::schema_diff`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::schema_diff(data));

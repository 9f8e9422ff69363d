//! libFuzzer entry point: see `accord_fuzz::sql`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::sql(data));

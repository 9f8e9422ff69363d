//! libFuzzer entry point: see `accord_fuzz::manifest`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::manifest(data));

//! libFuzzer entry point: see `accord_fuzz::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::markdown(data));

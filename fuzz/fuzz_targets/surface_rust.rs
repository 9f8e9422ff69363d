//! libFuzzer entry point: see `accord_fuzz::surface_rust`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz::surface_rust(data));

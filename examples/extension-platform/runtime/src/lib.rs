//! The Pi extension runtime: loads extensions and dispatches hostcalls within the
//! capability profile of their tier.

/// Whether an extension whose profile grants `profile` may use `capability`.
pub fn profile_allows(profile: &[&str], capability: &str) -> bool {
    profile.contains(&capability)
}

/// Hostcall `pi.fs.read`: the file's bytes, when the profile grants `read`.
pub fn fs_read(profile: &[&str], path: &str) -> Option<Vec<u8>> {
    if profile_allows(profile, "read") {
        std::fs::read(path).ok()
    } else {
        None
    }
}

/// Hostcall `pi.fs.readSync`, kept for extensions written before `pi.fs.read`.
#[deprecated(since = "0.9.0", note = "use fs_read")]
pub fn fs_read_sync(profile: &[&str], path: &str) -> Option<Vec<u8>> {
    fs_read(profile, path)
}

/// Hostcall `pi.events.emit`: delivers `event` to every listener, returns how many got it.
pub fn events_emit(listeners: &mut [Vec<String>], event: &str) -> usize {
    for queue in listeners.iter_mut() {
        queue.push(event.to_string());
    }
    listeners.len()
}

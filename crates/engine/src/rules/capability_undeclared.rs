//! The `capability-undeclared` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports source code of a pack that uses a capability the pack does not declare in
    /// `[packs.NAME.security] capabilities = […]`. The vocabulary is closed: `fs-write`,
    /// `net`, `exec`, `env`. Read with the parsers of the surface extractors (a word in a
    /// comment or a string is never a use), per language:
    ///
    /// | capability | Rust (after `use` aliases) | TypeScript / JavaScript | Python |
    /// |---|---|---|---|
    /// | `exec` | `std::process::Command`, `tokio::process::Command`, `async_std::process::Command` | imports of `child_process`, `execa`, `shelljs` | imports of `subprocess`, `pexpect`, `sh`; `os.system`, `os.popen`, `os.exec*`, `os.spawn*` |
    /// | `net` | `std::net`, `tokio::net`, `async_std::net`, `reqwest`, `ureq`, `hyper`, `surf` | imports of `net`, `http`, `https`, `http2`, `dgram`, `tls`, `axios`, `node-fetch`, `undici`, `got`, `ws`; calls of the global `fetch` | imports of `socket`, `requests`, `urllib`, `urllib3`, `httpx`, `aiohttp`, `http`, `smtplib`, `ftplib` |
    /// | `env` | `std::env::var`, `var_os`, `vars`, `vars_os`, `set_var`, `remove_var` | `process.env` | `os.environ`, `os.getenv`, `os.putenv`, `os.unsetenv` |
    /// | `fs-write` | `std::fs::write`, `File::create`, `OpenOptions`, `create_dir*`, `remove_*`, `rename`, `copy` (and `tokio::fs`) | `fs` / `fs/promises` / `fs-extra` `writeFile`, `appendFile`, `createWriteStream`, `mkdir`, `rm`, `rmdir`, `unlink`, `rename`, `copyFile`, `cp`, `truncate` (and `…Sync`) | `open(…, "w"/"a"/"x"/"+")`, `.write_text()`, `.write_bytes()`, `shutil.copy*`/`move`/`rmtree`, `os.remove`/`unlink`/`rename`/`replace`/`makedirs`/`mkdir`/`rmdir` |
    ///
    /// One finding per file and capability, at its first use. Checked once any pack of the
    /// project has a `[packs.NAME.security]` table (SecuritySentry is opted into per
    /// project); from then on a pack without one declares nothing. Not seen: a capability
    /// reached through a wrapper library not listed above, dynamic imports by computed name,
    /// `eval`, FFI.
    ///
    /// ## Why is this bad?
    /// Seed 003's SecuritySentry flags over-permissive tools: a pack that spawns processes,
    /// talks to the network or writes files without saying so is a pack whose reviewers
    /// never weighed that power, and a compromised dependency or a prompt-injected agent
    /// inherits it.
    ///
    /// ## Example
    /// ```python
    /// # expansion-packs/creator-os/creator_os/publish.py  ([packs.creator-os.security] capabilities = [])
    /// import subprocess
    /// subprocess.run(["rsync", "out/", "host:/srv"])
    /// ```
    ///
    /// ## How to fix
    /// Remove the use, or declare it after review:
    /// `[packs.creator-os.security] capabilities = ["exec"]`.
    pub static CAPABILITY_UNDECLARED = {
        id: "capability-undeclared",
        group: "security",
        class: Breaking,
        bump: None,
        summary: "a pack's code uses a capability (fs-write, net, exec, env) it does not declare",
    }
}

//! Prints the surface of a directory (development aid).
#![allow(clippy::print_stdout)]
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    match accord_surface::extract_tree(std::path::Path::new(&dir), None) {
        Ok((s, f)) => {
            print!("{}", accord_surface::render_text(&s));
            for x in f {
                println!(
                    "FINDING {}:{}:{} {} {}",
                    x.location.path, x.location.line, x.location.column, x.rule, x.message
                );
            }
            println!("restricted: {:?}", s.restricted);
        }
        Err(e) => println!("error: {e}"),
    }
}

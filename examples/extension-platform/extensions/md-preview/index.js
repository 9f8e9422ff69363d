// md-preview: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("md-preview loaded");
}

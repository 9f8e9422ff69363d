// theme-nord: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("theme-nord loaded");
}

// pi-emoji: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("pi-emoji loaded");
}

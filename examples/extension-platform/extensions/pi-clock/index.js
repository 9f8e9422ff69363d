// pi-clock: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("pi-clock loaded");
}

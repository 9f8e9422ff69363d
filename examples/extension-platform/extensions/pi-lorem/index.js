// pi-lorem: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("pi-lorem loaded");
}

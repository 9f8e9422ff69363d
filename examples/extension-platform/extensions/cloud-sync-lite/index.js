// cloud-sync-lite: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("cloud-sync-lite loaded");
}

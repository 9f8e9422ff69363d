// vim-keys: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("vim-keys loaded");
}

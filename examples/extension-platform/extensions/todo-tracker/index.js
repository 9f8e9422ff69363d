// todo-tracker: registers its commands with the Pi runtime.
export default function activate(pi) {
  pi.log("todo-tracker loaded");
}

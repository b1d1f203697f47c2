/// The only code that touches ncurses: draws a `Screen`, reads keys, mouse and resize.
public enum CursesBackend {}

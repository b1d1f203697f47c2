/// The explorer's pure application state and its reducer; views render it into a `Screen`.
public enum Explorer {}

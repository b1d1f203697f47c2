/// Derived views over an `EncoderOutput`: head aggregation, special-token renormalisation, rollout,
/// norm-based attention, masked-word predictions. Each view lives in its own file in this target.
public enum Analysis {}

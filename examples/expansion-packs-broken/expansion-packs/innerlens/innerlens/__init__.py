"""InnerLens: psychometric profiles of minds (an optional pack)."""

// Mapped to `electron` in the tsconfig of every layer that must not import it (common/, renderer/,
// main/core/, server/). It declares nothing, so any named import from `electron` there fails to
// type-check: the layer rule is enforced by the compiler as well as by lint.
export {};

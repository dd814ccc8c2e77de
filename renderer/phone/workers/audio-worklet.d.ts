// The AudioWorkletGlobalScope, as far as the tone detector uses it: TypeScript ships no lib for
// it (lib.dom.d.ts has only the page's side). Web Audio API §1.32.
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  abstract process(
    inputs: Float32Array[][],
    outputs: Float32Array[][],
    parameters: Record<string, Float32Array>,
  ): boolean;
}

declare function registerProcessor(
  name: string,
  processor: new (options?: unknown) => AudioWorkletProcessor,
): void;

/** The context's sample rate, Hz. */
declare const sampleRate: number;

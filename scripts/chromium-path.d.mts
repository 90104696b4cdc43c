export declare const CHROMIUM_HINT: string;
export declare function findChromium(): string | undefined;
export declare const CHROMIUM_ARGS: string[];

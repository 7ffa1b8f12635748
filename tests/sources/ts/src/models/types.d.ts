export declare const Fake: { name: "Fake"; properties: {} };

export declare const INSTALL_HINT: string;
export declare function javaVersion(executable: string): number | undefined;
export declare function findJava(): string | undefined;

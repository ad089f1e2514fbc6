export interface HtmlError {
  file: string;
  line: number;
  column: number;
  message: string;
  extract?: string;
}
export declare const VNU_JAR: string;
export declare function htmlFiles(dir: string): string[];
export declare function validateFiles(files: string[], options?: { java?: string }): HtmlError[];
export declare function validateDocuments(documents: Record<string, string>, options?: { java?: string }): HtmlError[];
export declare function formatErrors(errors: HtmlError[], base?: string): string;

// Minimal declaration for jstat 1.9 (CommonJS, `module.exports = jStat`): only the functions
// src/marketing/experiment-stats.ts uses.
declare module 'jstat' {
  interface JStat {
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    normal: {
      cdf(x: number, mean: number, sd: number): number;
      inv(p: number, mean: number, sd: number): number;
    };
    chisquare: { cdf(x: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}

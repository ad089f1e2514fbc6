// autocannon ships no types; the bench uses a few documented options only.
declare module 'autocannon';

exports.up = (pgm) => { pgm.sql("SELECT 1"); };
exports.down = false;

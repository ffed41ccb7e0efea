SELECT /* a /* nested */ b */ 1; -- line
SELECT "quoted ""id""" FROM t;

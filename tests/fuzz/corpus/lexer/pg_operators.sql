SELECT a::text, b->>'k', c @> d, x=-1 FROM t WHERE arr[1:2] = '{}';

SELECT ÿþ, Ã(, í €;
SELECT 1;

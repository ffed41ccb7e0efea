SELECT E'it\'s', U&'d\0061t' UESCAPE '!', U&"i", B'101', X'ff', N'n', 'a''b';

// Mini-notation (LANGUAGE §5.1), the language inside string literals. MiniParser.cpp turns the
// parse tree into a pattern::MiniNode tree, numbering seeds in the order reading finishes.
grammar Mini;

mini           : layer EOF ;
layer          : sequence (layerSeparator sequence)* ;
layerSeparator : COMMA | PIPE ;
sequence       : steps (FEET steps)* ;
steps          : step+ ;
step
    : CARET? modded (RANGE modded)?       # termStep
    | (UNDERSCORE | AT)                   # elongateStep
    | BANG                                # repeatStep
    ;
modded         : term modifier* ;
term
    : atom                                # atomTerm
    | REST                                # restTerm
    | LBRACK layer RBRACK                 # groupTerm
    | LANGLE layer RANGLE                 # alternationTerm
    | LBRACE layer RBRACE (PERCENT factor)? # polymeterTerm
    ;
atom           : NUMBER | WORD | BUS_ATOM ;
modifier
    : STAR factor                         # fastModifier
    | SLASH factor                        # slowModifier
    | BANG_COUNT                          # replicateModifier
    | AT_WEIGHT                           # weightModifier
    | QUESTION_AMOUNT                     # degradeAmountModifier
    | QUESTION                            # degradeModifier
    | LPAREN sequence COMMA sequence (COMMA sequence)? RPAREN # euclidModifier
    | COLON term                          # tailModifier
    ;
factor
    : NUMBER                              # numberFactor
    | LBRACK layer RBRACK                 # groupFactor
    | LANGLE layer RANGLE                 # alternationFactor
    ;

// ---- lexer ---------------------------------------------------------------------------------
// Feet dots and range dots are only recognised with whitespace on both sides (`a.b` is a word).
FEET            : WS_CHAR+ '.' WS_CHAR+ ;
RANGE           : WS_CHAR+ '..' WS_CHAR+ ;
NUMBER          : '-'? UNSIGNED ([eE] [+-]? DIGITS)? ;
BANG_COUNT      : '!' DIGITS ;
AT_WEIGHT       : '@' UNSIGNED ;
QUESTION_AMOUNT : '?' UNSIGNED ;
UNDERSCORE      : '_' ;
WORD            : [A-Za-z0-9_] [A-Za-z0-9_.#'-]* ;
BUS_ATOM        : '~' [A-Za-z_] [A-Za-z0-9_]* ;
REST            : '~' | '-' ;
LBRACK : '[' ;
RBRACK : ']' ;
LANGLE : '<' ;
RANGLE : '>' ;
LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA  : ',' ;
PIPE   : '|' ;
STAR   : '*' ;
SLASH  : '/' ;
BANG   : '!' ;
AT     : '@' ;
QUESTION : '?' ;
COLON  : ':' ;
PERCENT : '%' ;
CARET  : '^' ;
WS     : WS_CHAR+ -> skip ;
UNEXPECTED_CHARACTER : . ;

fragment WS_CHAR  : [ \t\r\n] ;
fragment DIGITS   : [0-9]+ ;
fragment UNSIGNED : DIGITS ('.' DIGITS)? | '.' DIGITS ;

; Syntax nodes gonogo extracts facts from, Python grammar. See grammars/README.md.
[
  (function_definition)
  (lambda)
] @function

(class_definition) @class

(call) @call

[
  (import_statement)
  (import_from_statement)
] @import

[
  (assignment)
  (augmented_assignment)
] @binding

[
  (for_statement)
  (while_statement)
] @loop

; Comprehensions iterate (calls inside run once per element) but their `for` clauses are the decision points.
[
  (list_comprehension)
  (set_comprehension)
  (dictionary_comprehension)
  (generator_expression)
] @iteration

[
  (if_statement)
  (elif_clause)
  (except_clause)
  (conditional_expression)
  (boolean_operator)
  (for_in_clause)
  (if_clause)
  (case_clause)
] @decision

; An awaited call is recorded from its await, which is visited first: asking a node for its
; parent makes tree-sitter walk down from the root again.
(await) @await

; What a function gives back: the last `return` with a value (factories, properties, `create_app()`).
(return_statement) @return

(comment) @comment

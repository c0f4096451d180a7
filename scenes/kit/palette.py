"""One colour per symbol, in every chapter."""

from manim import BLUE_C, GOLD_C, GREEN_C, GREY_B, ORANGE, PINK, PURPLE_B, RED_C, TEAL_C, WHITE

X_COLOR = BLUE_C        # inputs X, x_i
Y_COLOR = GREEN_C       # outputs Y, y_j
TARGET_COLOR = TEAL_C   # desired outputs Y*
W_COLOR = ORANGE        # weights W, w_ji
B_COLOR = PURPLE_B      # biases B, b_j
E_COLOR = RED_C         # the error E; a gradient dE/dS takes the colour of S
RATE_COLOR = GOLD_C     # the learning rate alpha
F_PRIME_COLOR = PINK    # an activation's derivative f'(X)
TEXT_COLOR = WHITE
DIM_COLOR = GREY_B

# LaTeX pieces -> colour, for MathTex(..., tex_to_color_map=SYMBOL_COLORS) and kit.formula.
SYMBOL_COLORS = {
    "X": X_COLOR, "Y^*": TARGET_COLOR, "Y": Y_COLOR, "W": W_COLOR, "B": B_COLOR,
    "E": E_COLOR, r"\alpha": RATE_COLOR,
}

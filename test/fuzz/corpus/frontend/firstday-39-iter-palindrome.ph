out: tri ("0 3 7 10" + 48 $ iter 4 $ palindrome) * 0.2 # pan (sine 0.25)

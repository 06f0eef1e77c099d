"""The transport floor for the HTTP benchmarks: a ChatInterface that echoes the message,
configured like app.py (same api_name, default queue, analytics off), so the difference between
the two is our work and nothing else."""

import gradio as gr

with gr.Blocks(analytics_enabled=False) as demo:
    gr.ChatInterface(lambda message, history: message, api_name="chat")

if __name__ == "__main__":
    demo.launch()
